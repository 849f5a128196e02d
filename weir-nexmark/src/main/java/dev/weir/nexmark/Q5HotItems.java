package dev.weir.nexmark;

import dev.weir.api.Collector;
import dev.weir.api.DataStream;
import dev.weir.api.SingleOutputStreamOperator;
import dev.weir.api.functions.windowing.ProcessWindowFunction;
import dev.weir.api.windowing.assigners.SlidingEventTimeWindows;
import dev.weir.api.windowing.assigners.TumblingEventTimeWindows;
import dev.weir.api.windowing.windows.TimeWindow;
import dev.weir.nexmark.model.Bid;
import dev.weir.nexmark.model.Event;
import java.time.Duration;

/**
 * Nexmark q5, hot items: per sliding window of 10 s every 2 s (event time), the auctions with the
 * most bids.
 *
 * <pre>
 * SELECT AuctionBids.auction, AuctionBids.num
 * FROM (count(*) per auction and HOP window) AuctionBids
 * JOIN (max of those counts per HOP window) MaxBids
 *   ON same window AND AuctionBids.num >= MaxBids.maxn
 * </pre>
 *
 * As a DataStream job, in two steps: (1) {@code keyBy(auction)} → sliding event-time windows →
 * count per auction and window ({@link AuctionCount}, stamped with the window's last millisecond);
 * (2) {@code keyBy(window end)} → a tumbling window of one slide, which holds exactly the counts of
 * one sliding window → every auction whose count is the window's maximum (ties: all of them).
 *
 * <p>Output: {@link Row} {@code auction, num}, one per hottest auction per window, when the
 * watermark passes the window's end. Bids behind the watermark (more than the out-of-orderness late)
 * are dropped, as the SQL's window aggregation drops them.
 */
public final class Q5HotItems {
    public static final Duration WINDOW_SIZE = Duration.ofSeconds(10);
    public static final Duration WINDOW_SLIDE = Duration.ofSeconds(2);

    private Q5HotItems() {
    }

    /** A result row: {@code auction, num}. */
    public record Row(long auction, long num) {
        @Override
        public String toString() {
            return auction + "," + num;
        }
    }

    /** Step 1's result: the bids on {@code auction} in the window {@code [windowStart, windowEnd)}. */
    public record AuctionCount(long auction, long num, long windowStart, long windowEnd) {
    }

    public static SingleOutputStreamOperator<Row> apply(DataStream<Event> events) {
        return NexmarkViews.bids(events)
                .keyBy(Bid::auction)
                .window(SlidingEventTimeWindows.of(WINDOW_SIZE, WINDOW_SLIDE))
                .aggregate(new CountBids(), new CountOfAuction()).name("q5-counts").uid("q5-counts")
                .keyBy(AuctionCount::windowEnd)
                .window(TumblingEventTimeWindows.of(WINDOW_SLIDE))
                .process(new HottestOfWindow()).name("q5").uid("q5");
    }

    /** Adds the auction and the window to a count. */
    static final class CountOfAuction extends ProcessWindowFunction<Long, AuctionCount, Long, TimeWindow> {
        @Override
        public void process(Long auction, Context context, Iterable<Long> counts, Collector<AuctionCount> out) {
            TimeWindow window = context.window();
            out.collect(new AuctionCount(auction, counts.iterator().next(), window.getStart(), window.getEnd()));
        }
    }

    /** The counts of one sliding window: emits those equal to the largest. */
    static final class HottestOfWindow extends ProcessWindowFunction<AuctionCount, Row, Long, TimeWindow> {
        @Override
        public void process(Long windowEnd, Context context, Iterable<AuctionCount> counts, Collector<Row> out) {
            long max = 0;
            for (AuctionCount count : counts) {
                max = Math.max(max, count.num());
            }
            for (AuctionCount count : counts) {
                if (count.num() == max) {
                    out.collect(new Row(count.auction(), count.num()));
                }
            }
        }
    }
}
