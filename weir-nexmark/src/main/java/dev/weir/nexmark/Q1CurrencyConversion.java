package dev.weir.nexmark;

import dev.weir.api.DataStream;
import dev.weir.api.SingleOutputStreamOperator;
import dev.weir.nexmark.model.Event;
import java.math.BigDecimal;

/**
 * Nexmark q1, currency conversion: every bid with its price converted from dollars to euros at a
 * fixed rate of 0.908.
 *
 * <pre>SELECT auction, bidder, 0.908 * price AS price, dateTime, extra FROM bid</pre>
 *
 * Output: one {@link Row} per bid; {@code price} exact, with three decimals (SQL's
 * {@code DECIMAL(23, 3)}).
 */
public final class Q1CurrencyConversion {
    /** Euros per dollar. */
    public static final BigDecimal EUROS_PER_DOLLAR = new BigDecimal("0.908");

    private Q1CurrencyConversion() {
    }

    /** A result row: {@code auction, bidder, price, dateTime, extra} (price in euros, dateTime in epoch ms). */
    public record Row(long auction, long bidder, BigDecimal price, long dateTime, String extra) {
        @Override
        public String toString() {
            return auction + "," + bidder + "," + price.toPlainString() + "," + dateTime + "," + Csv.text(extra);
        }
    }

    /** {@code 0.908 * price}, exactly: the price times 908, in thousandths. */
    public static BigDecimal toEuros(long price) {
        return BigDecimal.valueOf(Math.multiplyExact(price, 908L), 3);
    }

    public static SingleOutputStreamOperator<Row> apply(DataStream<Event> events) {
        return NexmarkViews.bids(events)
                .map(bid -> new Row(bid.auction(), bid.bidder(), toEuros(bid.price()), bid.dateTime(), bid.extra()))
                .name("q1").uid("q1");
    }
}
