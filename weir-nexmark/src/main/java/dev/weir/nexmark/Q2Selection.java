package dev.weir.nexmark;

import dev.weir.api.DataStream;
import dev.weir.api.SingleOutputStreamOperator;
import dev.weir.nexmark.model.Event;

/**
 * Nexmark q2, selection: the bids on a few auctions (those whose id is a multiple of 123).
 *
 * <pre>SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0</pre>
 *
 * Output: one {@link Row} per selected bid.
 */
public final class Q2Selection {
    /** The auctions kept: those whose id is a multiple of this. */
    public static final long AUCTION_MODULUS = 123;

    private Q2Selection() {
    }

    /** A result row: {@code auction, price}. */
    public record Row(long auction, long price) {
        @Override
        public String toString() {
            return auction + "," + price;
        }
    }

    public static SingleOutputStreamOperator<Row> apply(DataStream<Event> events) {
        return NexmarkViews.bids(events)
                .filter(bid -> bid.auction() % AUCTION_MODULUS == 0).name("q2-filter").uid("q2-filter")
                .map(bid -> new Row(bid.auction(), bid.price())).name("q2").uid("q2");
    }
}
