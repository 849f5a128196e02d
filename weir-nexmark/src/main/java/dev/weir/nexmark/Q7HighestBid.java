package dev.weir.nexmark;

import dev.weir.api.Collector;
import dev.weir.api.DataStream;
import dev.weir.api.SingleOutputStreamOperator;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.ReduceFunction;
import dev.weir.api.functions.windowing.ProcessWindowFunction;
import dev.weir.api.windowing.assigners.TumblingEventTimeWindows;
import dev.weir.api.windowing.windows.TimeWindow;
import dev.weir.nexmark.model.Bid;
import dev.weir.nexmark.model.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Nexmark q7, highest bid: per tumbling window of 10 s (event time), the bids with the highest price.
 *
 * <pre>
 * SELECT B.auction, B.price, B.bidder, B.dateTime, B.extra
 * FROM bid B JOIN (SELECT MAX(price) AS maxprice, window_end AS dateTime FROM TUMBLE(bid, 10 s) ...) B1
 *   ON B.price = B1.maxprice
 * WHERE B.dateTime BETWEEN B1.dateTime - INTERVAL '10' SECOND AND B1.dateTime
 * </pre>
 *
 * As a DataStream job, in two steps: (1) {@code keyBy(auction)} → tumbling windows → the highest
 * bids of each auction in the window (an aggregate that keeps only the bids at the highest price so
 * far); (2) {@code keyBy(window end)} → the same tumbling window → the highest of those.
 *
 * <p>Output: {@link Row} {@code auction, price, bidder, dateTime, extra} — the SELECT's order (nexmark's
 * sink table names its columns {@code auction, bidder, price, ...} and so receives the price as
 * bidder and the bidder as price; Weir writes the SELECT's order). One row per highest bid (ties: all),
 * when the watermark passes the window's end. Differs from the SQL in one corner: the SQL's
 * {@code BETWEEN} includes the window's end, so a bid at exactly {@code window_end} with the previous
 * window's highest price is joined to that window too; here a bid belongs to its own window only.
 */
public final class Q7HighestBid {
    public static final Duration WINDOW_SIZE = Duration.ofSeconds(10);

    private Q7HighestBid() {
    }

    /** A result row: {@code auction, price, bidder, dateTime, extra} (dateTime in epoch ms). */
    public record Row(long auction, long price, long bidder, long dateTime, String extra) {
        @Override
        public String toString() {
            return auction + "," + price + "," + bidder + "," + dateTime + "," + Csv.text(extra);
        }
    }

    /** The bids at the highest price seen (none yet: price -1, no bids); replaced, never changed in place. */
    public record HighestBids(long price, List<Bid> bids) {
        HighestBids with(Bid bid) {
            if (bid.price() > price) {
                return new HighestBids(bid.price(), List.of(bid));
            }
            return bid.price() == price ? merge(new HighestBids(price, List.of(bid))) : this;
        }

        HighestBids merge(HighestBids other) {
            if (other.price != price) {
                return other.price > price ? other : this;
            }
            List<Bid> both = new ArrayList<>(bids.size() + other.bids.size());
            both.addAll(bids);
            both.addAll(other.bids);
            return new HighestBids(price, both);
        }
    }

    public static SingleOutputStreamOperator<Row> apply(DataStream<Event> events) {
        return NexmarkViews.bids(events)
                .keyBy(Bid::auction)
                .window(TumblingEventTimeWindows.of(WINDOW_SIZE))
                .aggregate(new KeepHighest(), new StampWindowEnd()).name("q7-per-auction").uid("q7-per-auction")
                .keyBy(WindowHighest::windowEnd)
                .window(TumblingEventTimeWindows.of(WINDOW_SIZE))
                .reduce(new HigherOfTwo(), new EmitHighest()).name("q7").uid("q7");
    }

    /** Step 1's result: the highest bids of one auction in the window ending at {@code windowEnd}. */
    public record WindowHighest(long windowEnd, HighestBids highest) {
    }

    static final class KeepHighest implements AggregateFunction<Bid, HighestBids, HighestBids> {
        @Override
        public HighestBids createAccumulator() {
            return new HighestBids(-1, List.of());
        }

        @Override
        public HighestBids add(Bid bid, HighestBids highest) {
            return highest.with(bid);
        }

        @Override
        public HighestBids getResult(HighestBids highest) {
            return highest;
        }

        @Override
        public HighestBids merge(HighestBids a, HighestBids b) {
            return a.merge(b);
        }
    }

    static final class StampWindowEnd extends ProcessWindowFunction<HighestBids, WindowHighest, Long, TimeWindow> {
        @Override
        public void process(Long auction, Context context, Iterable<HighestBids> highest, Collector<WindowHighest> out) {
            out.collect(new WindowHighest(context.window().getEnd(), highest.iterator().next()));
        }
    }

    static final class HigherOfTwo implements ReduceFunction<WindowHighest> {
        @Override
        public WindowHighest reduce(WindowHighest a, WindowHighest b) {
            return new WindowHighest(a.windowEnd(), a.highest().merge(b.highest()));
        }
    }

    static final class EmitHighest extends ProcessWindowFunction<WindowHighest, Row, Long, TimeWindow> {
        @Override
        public void process(Long windowEnd, Context context, Iterable<WindowHighest> highest, Collector<Row> out) {
            for (Bid bid : highest.iterator().next().highest().bids()) {
                out.collect(new Row(bid.auction(), bid.price(), bid.bidder(), bid.dateTime(), bid.extra()));
            }
        }
    }
}
