package dev.weir.nexmark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NexmarkGeneratorTest {
    private static final GeneratorConfig CONFIG = GeneratorConfig.defaults().withSeed(42);

    @Test
    void theSameSeedMakesTheSameEvents_anotherSeedOthers() {
        List<Event> first = new NexmarkGenerator(CONFIG).events(5_000);
        List<Event> second = new NexmarkGenerator(CONFIG).events(5_000);
        List<Event> otherSeed = new NexmarkGenerator(CONFIG.withSeed(43)).events(5_000);
        assertEquals(first, second);
        assertNotEquals(first, otherSeed);
    }

    @Test
    void theSplitsTogetherMakeTheWholeStream_eachInEventTimeOrder() {
        List<Event> whole = new NexmarkGenerator(CONFIG).events(10_001);
        for (int splits : new int[] {1, 2, 3, 7}) {
            List<Event> union = new ArrayList<>();
            long count = 0;
            for (int s = 0; s < splits; s++) {
                NexmarkGenerator generator = new NexmarkGenerator(CONFIG);
                long previous = Long.MIN_VALUE;
                count = 0;
                for (var it = generator.split(10_001, s, splits); it.hasNext(); ) {
                    Event event = it.next();
                    assertTrue(event.dateTime() >= previous, "split " + s + " of " + splits + " goes back in time");
                    previous = event.dateTime();
                    union.add(event);
                    count++;
                }
                assertEquals(NexmarkGenerator.eventsInSplit(10_001, s, splits), count, "split " + s);

            }
            assertEquals(whole.size(), union.size(), splits + " splits");
            Comparator<Event> byJson = Comparator.comparing(EventJson::toJson);
            List<Event> sortedWhole = new ArrayList<>(whole);
            sortedWhole.sort(byJson);
            union.sort(byJson);
            assertEquals(sortedWhole, union, splits + " splits");
        }
    }

    @Test
    void contiguousIndexRangesMapOntoTheSplitsOneToOne() {
        for (int splits : new int[] {1, 2, 3, 7}) {
            long total = 10_001;
            Set<Long> places = new HashSet<>();
            long index = 0;
            for (int s = 0; s < splits; s++) {
                for (long j = 0; j < NexmarkGenerator.eventsInSplit(total, s, splits); j++, index++) {
                    assertEquals(NexmarkGenerator.placeInStream(s, splits, j),
                            NexmarkGenerator.placeOfRangeIndex(index, total, splits), "index " + index);
                    places.add(NexmarkGenerator.placeOfRangeIndex(index, total, splits));
                }
            }
            assertEquals(total, places.size());
            assertTrue(places.stream().allMatch(p -> p >= 0 && p < total));
        }
    }

    @Test
    void oneInFiftyIsAPerson_threeAnAuction_fortySixABid() {
        int[] counts = new int[3];
        for (Event event : new NexmarkGenerator(CONFIG).events(50_000)) {
            counts[event.eventType()]++;
        }
        assertEquals(1_000, counts[Event.PERSON]);
        assertEquals(3_000, counts[Event.AUCTION]);
        assertEquals(46_000, counts[Event.BID]);
    }

    @Test
    void personsAndAuctionsGetConsecutiveIds_bidsReferToHotAuctionsAndBidders() {
        List<Event> events = new NexmarkGenerator(CONFIG).events(100_000);
        long nextPerson = 1000;
        long nextAuction = 1000;
        long hotAuctionBids = 0;
        long bids = 0;
        Set<Long> bidders = new HashSet<>();
        for (Event event : events) {
            switch (event.eventType()) {
                case Event.PERSON -> assertEquals(nextPerson++, event.person().id());
                case Event.AUCTION -> {
                    assertEquals(nextAuction++, event.auction().id());
                    assertTrue(event.auction().seller() >= 1000 && event.auction().seller() < nextPerson + 10);
                    assertTrue(event.auction().reserve() >= event.auction().initialBid());
                    assertTrue(event.auction().expires() > event.auction().dateTime());
                }
                default -> {
                    bids++;
                    Bid bid = event.bid();
                    assertTrue(bid.auction() >= 1000 && bid.auction() < nextAuction + 10, "auction " + bid.auction());
                    assertTrue(bid.price() >= 100 && bid.price() <= 100_000_000L, "price " + bid.price());
                    if ((bid.auction() - 1000) % 100 == 0) {
                        hotAuctionBids++;
                    }
                    bidders.add(bid.bidder());
                }
            }
        }
        // Half of the bids go to the hot auction (plus the few random picks of a hundredth id).
        assertTrue(hotAuctionBids > bids * 45 / 100 && hotAuctionBids < bids * 55 / 100, hotAuctionBids + " of " + bids);
        assertTrue(bidders.size() > 100, "bidders " + bidders.size());
    }

    @Test
    void eventTimeAdvancesAtTheConfiguredRate() {
        NexmarkGenerator generator = new NexmarkGenerator(CONFIG.withEventsPerSecond(1_000));
        assertEquals(GeneratorConfig.DEFAULT_BASE_TIME, generator.event(0).dateTime());
        assertEquals(GeneratorConfig.DEFAULT_BASE_TIME + 10_000, generator.event(10_000).dateTime());
    }

    @Test
    void outOfOrderGroupsShuffleEventsWithinTheGroupOnly() {
        NexmarkGenerator inOrder = new NexmarkGenerator(CONFIG.withEventsPerSecond(1_000));
        NexmarkGenerator shuffled = new NexmarkGenerator(CONFIG.withEventsPerSecond(1_000).withOutOfOrderGroupSize(10));
        Set<String> a = new HashSet<>();
        Set<String> b = new HashSet<>();
        boolean wentBack = false;
        long previous = Long.MIN_VALUE;
        for (long n = 0; n < 1_000; n++) {
            a.add(EventJson.toJson(inOrder.event(n)));
            Event event = shuffled.event(n);
            b.add(EventJson.toJson(event));
            wentBack |= event.dateTime() < previous;
            previous = event.dateTime();
            assertTrue(Math.abs(event.dateTime() - inOrder.event(n).dateTime()) < 10, "event " + n);
        }
        assertEquals(a, b);
        assertTrue(wentBack);
    }
}
