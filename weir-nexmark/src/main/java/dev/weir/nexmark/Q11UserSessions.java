package dev.weir.nexmark;

import dev.weir.api.Collector;
import dev.weir.api.DataStream;
import dev.weir.api.SingleOutputStreamOperator;
import dev.weir.api.functions.windowing.ProcessWindowFunction;
import dev.weir.api.windowing.assigners.EventTimeSessionWindows;
import dev.weir.api.windowing.windows.TimeWindow;
import dev.weir.nexmark.model.Bid;
import dev.weir.nexmark.model.Event;
import java.time.Duration;

/**
 * Nexmark q11, user sessions: how many bids each bidder made in each of their sessions — bids no
 * more than 10 s of event time apart.
 *
 * <pre>
 * SELECT B.bidder, count(*) AS bid_count, SESSION_START(B.dateTime, INTERVAL '10' SECOND) AS starttime,
 *        SESSION_END(B.dateTime, INTERVAL '10' SECOND) AS endtime
 * FROM bid B GROUP BY B.bidder, SESSION(B.dateTime, INTERVAL '10' SECOND)
 * </pre>
 *
 * As a DataStream job: {@code keyBy(bidder)} → event-time session windows with a gap of 10 s → a
 * count. A session starts at its first bid and ends 10 s after its last; a bid at most 10 s after
 * the last one (its window touching the session's) joins the session.
 *
 * <p>Output: {@link Row} {@code bidder, bid_count, starttime, endtime} (epoch ms), one per session,
 * when the watermark passes its end.
 */
public final class Q11UserSessions {
    public static final Duration GAP = Duration.ofSeconds(10);

    private Q11UserSessions() {
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
                .window(EventTimeSessionWindows.withGap(GAP))
                .aggregate(new CountBids(), new SessionOfBidder()).name("q11").uid("q11");
    }

    static final class SessionOfBidder extends ProcessWindowFunction<Long, Row, Long, TimeWindow> {
        @Override
        public void process(Long bidder, Context context, Iterable<Long> counts, Collector<Row> out) {
            TimeWindow window = context.window();
            out.collect(new Row(bidder, counts.iterator().next(), window.getStart(), window.getEnd()));
        }
    }
}
