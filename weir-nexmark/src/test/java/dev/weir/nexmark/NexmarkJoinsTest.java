package dev.weir.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.nexmark.model.Auction;
import dev.weir.nexmark.model.Bid;
import dev.weir.nexmark.model.Person;
import dev.weir.testing.HarnessSnapshot;
import dev.weir.testing.OperatorHarness;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two-input functions of the join queries in the operator harness: arrival orders, the
 * watermark's part, and state across a snapshot and restore.
 */
class NexmarkJoinsTest {
    private static Person person(long id, String name, long time) {
        return new Person(id, name, "e", "c", "Boise", "ID", time, "");
    }

    private static Auction auction(long id, long seller, long time, long expires) {
        return new Auction(id, "item", "d", 1, 1, time, expires, seller, 10, "");
    }

    private static Bid bid(long auction, long price, long time) {
        return new Bid(auction, 7, price, "web", "u", time, "");
    }

    private static OperatorHarness.TwoInput<Auction, Person, Q3LocalItemSuggestion.Row> q3(HarnessSnapshot restore) {
        OperatorHarness.Builder builder = OperatorHarness.builder();
        if (restore != null) {
            builder.restoreFrom(restore);
        }
        return builder.forKeyedCoProcess(new Q3LocalItemSuggestion.JoinSellers(), Auction::seller, Person::id);
    }

    @Test
    void q3_anAuctionBeforeItsSellerWaitsForIt_oneAfterItIsJoinedAtOnce_andTheSellerSurvivesARestore()
            throws Exception {
        HarnessSnapshot snapshot;
        try (var join = q3(null)) {
            join.processElement1(auction(1, 100, 0, 0));
            join.processElement1(auction(2, 100, 0, 0));
            assertEquals(List.of(), join.takeOutput(), "no seller yet");
            join.processElement2(person(100, "Ada", 0));
            assertEquals(List.of("Ada,Boise,ID,1", "Ada,Boise,ID,2"),
                    join.takeOutput().stream().map(Object::toString).sorted().toList());
            join.processElement1(auction(3, 100, 0, 0));
            join.processElement1(auction(4, 200, 0, 0));
            assertEquals(List.of("Ada,Boise,ID,3"), join.takeOutput().stream().map(Object::toString).toList());
            snapshot = join.snapshot(1);
        }
        try (var restored = q3(snapshot)) {
            restored.processElement1(auction(5, 100, 0, 0));
            restored.processElement2(person(200, "Bob", 0));
            assertEquals(List.of("Ada,Boise,ID,5", "Bob,Boise,ID,4"),
                    restored.takeOutput().stream().map(Object::toString).sorted().toList());
        }
    }

    @Test
    void q8_aPersonAndTheirAuctionInOneWindowGiveOneRowWhenTheWatermarkPassesItsEnd_lateOnesAreDropped()
            throws Exception {
        try (var join = OperatorHarness.forKeyedCoProcess(new Q8MonitorNewUsers.JoinInWindow(10_000), Person::id,
                Auction::seller)) {
            join.processElement1(person(100, "Ada", 12_000), 12_000);
            join.processElement2(auction(1, 100, 15_000, 99_000), 15_000);
            join.processElement2(auction(2, 100, 19_999, 99_000), 19_999); // the same window: still one row
            join.processElement1(person(200, "Bob", 18_000), 18_000);
            join.processElement2(auction(3, 200, 20_000, 99_000), 20_000); // the next window: no row for Bob
            join.processWatermark1(19_998);
            join.processWatermark2(19_998);
            assertEquals(List.of(), join.takeOutput(), "the window [10 s, 20 s) is not over yet");
            join.processWatermark1(19_999);
            join.processWatermark2(19_999);
            assertEquals(List.of("100,Ada,10000"), join.takeOutput().stream().map(Object::toString).toList());

            join.processElement2(auction(4, 200, 17_000, 99_000), 17_000); // late: its window was joined
            join.processWatermark1(Long.MAX_VALUE);
            join.processWatermark2(Long.MAX_VALUE);
            assertEquals(List.of(), join.takeOutput());
        }
    }

    @Test
    void winningBid_countsOnlyBidsWithinTheAuctionsTimeIncludingThoseThatCameFirst_andClosesAtExpires()
            throws Exception {
        try (var join = OperatorHarness.forKeyedCoProcess(new WinningBid(), Auction::id, Bid::auction)) {
            join.processElement2(bid(1, 50, 1_000), 1_000); // before its auction arrived, within its range
            join.processElement2(bid(1, 90, 500), 500); // before the auction's dateTime: out of range
            join.processElement1(auction(1, 100, 900, 5_000), 900);
            join.processElement2(bid(1, 70, 5_000), 5_000); // at expires: in range
            join.processElement2(bid(1, 80, 5_001), 5_001); // after expires: out of range
            join.processElement2(bid(2, 60, 2_000), 2_000); // its auction never comes
            join.processWatermark1(4_999);
            join.processWatermark2(4_999);
            assertEquals(List.of(), join.takeOutput(), "auction 1 is still open");
            join.processWatermark1(5_000);
            join.processWatermark2(5_000);
            assertEquals(List.of(new WinningBid.ClosedAuction(1, 100, 10, 5_000, 70)), join.takeOutput());

            // late: the watermark passed its waiting bid's time, so the bid was dropped and it closes without one
            join.processElement1(auction(2, 100, 1_000, 8_000), 1_000);
            join.processWatermark1(Long.MAX_VALUE);
            join.processWatermark2(Long.MAX_VALUE);
            assertEquals(List.of(), join.takeOutput());
        }
    }
}
