package dev.weir.nexmark;

import dev.weir.api.Collector;
import dev.weir.api.DataStream;
import dev.weir.api.SingleOutputStreamOperator;
import dev.weir.api.functions.windowing.ProcessWindowFunction;
import dev.weir.api.windowing.assigners.TumblingProcessingTimeWindows;
import dev.weir.api.windowing.windows.TimeWindow;
import dev.weir.nexmark.model.Bid;
import dev.weir.nexmark.model.Event;
import java.time.Duration;

/**
 * Nexmark q12, processing-time windows: how many bids each bidder made in each 10 s of the
 * machine's clock.
 *
 * <pre>
 * SELECT bidder, count(*) AS bid_count, window_start AS starttime, window_end AS endtime
 * FROM TUMBLE(bid with p_time AS PROCTIME(), DESCRIPTOR(p_time), INTERVAL '10' SECOND)
 * GROUP BY bidder, window_start, window_end
 * </pre>
 *
 * As a DataStream job: {@code keyBy(bidder)} → tumbling processing-time windows of 10 s → a count.
 * Which window a bid falls into depends on when it reaches the window operator, so the rows differ
 * from run to run; their counts per bidder add up to the bidder's bids. At the end of a bounded
 * input the open windows fire only if the job sets
 * {@code env.setFireProcessingTimersAtEndOfInput(true)} (the nexmark job does).
 *
 * <p>Output: {@link Row} {@code bidder, bid_count, starttime, endtime} (epoch ms of the clock).
 */
public final class Q12ProcessingTimeWindows {
    public static final Duration WINDOW_SIZE = Duration.ofSeconds(10);

    private Q12ProcessingTimeWindows() {
    }

    /** A result row: {@code bidder, bid_count, starttime, endtime}. */
    public record Row(long bidder, long bidCount, long starttime, long endtime) {
        @Override
        public String toString() {
            return bidder + "," + bidCount + "," + starttime + "," + endtime;
        }
    }

    public static SingleOutputStreamOperator<Row> apply(DataStream<Event> events) {
        return NexmarkViews.bids(events)
                .keyBy(Bid::bidder)
                .window(TumblingProcessingTimeWindows.of(WINDOW_SIZE))
                .aggregate(new CountBids(), new CountOfBidder()).name("q12").uid("q12");
    }

    static final class CountOfBidder extends ProcessWindowFunction<Long, Row, Long, TimeWindow> {
        @Override
        public void process(Long bidder, Context context, Iterable<Long> counts, Collector<Row> out) {
            TimeWindow window = context.window();
            out.collect(new Row(bidder, counts.iterator().next(), window.getStart(), window.getEnd()));
        }
    }
}
