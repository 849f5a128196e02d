package dev.weir.nexmark;

import dev.weir.api.DataStream;
import dev.weir.api.SingleOutputStreamOperator;
import dev.weir.nexmark.model.Event;

/**
 * Nexmark q0, pass-through: every bid, as it is — the cost of reading, parsing and writing events
 * with no work in between.
 *
 * <pre>SELECT auction, bidder, price, dateTime, extra FROM bid</pre>
 *
 * Output: one {@link Row} per bid, in arrival order per source split.
 */
public final class Q0PassThrough {
    private Q0PassThrough() {
    }

    /** A result row: {@code auction, bidder, price, dateTime, extra} (dateTime in epoch ms). */
    public record Row(long auction, long bidder, long price, long dateTime, String extra) {
        @Override
        public String toString() {
            return auction + "," + bidder + "," + price + "," + dateTime + "," + Csv.text(extra);
        }
    }

    public static SingleOutputStreamOperator<Row> apply(DataStream<Event> events) {
        return NexmarkViews.bids(events)
                .map(bid -> new Row(bid.auction(), bid.bidder(), bid.price(), bid.dateTime(), bid.extra()))
                .name("q0").uid("q0");
    }
}
