package dev.weir.nexmark;

import dev.weir.api.Collector;
import dev.weir.api.DataStream;
import dev.weir.api.SingleOutputStreamOperator;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.nexmark.model.Auction;
import dev.weir.nexmark.model.Bid;
import dev.weir.nexmark.model.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Nexmark q6, average selling price by seller: per seller, at each of its auctions' close, the average
 * winning price of that auction and the seller's 10 auctions closed before it.
 *
 * <pre>
 * SELECT Q.seller, AVG(Q.price) OVER (PARTITION BY Q.seller ORDER BY Q.dateTime
 *                                     ROWS BETWEEN 10 PRECEDING AND CURRENT ROW)
 * FROM (the highest bid per auction within its [dateTime, expires], ROW_NUMBER() ... rownum <= 1) Q
 * </pre>
 *
 * As a DataStream job, in two steps: (1) {@code auctions.connect(bids).keyBy(id, auction)} →
 * {@link WinningBid} (as q4); (2) {@code keyBy(seller)} → {@link AverageOfLastSales}, a
 * {@code KeyedProcessFunction} that holds closed auctions until the watermark passes their
 * {@code expires} (when every auction of the seller that closed no later has arrived from all
 * subtasks), takes them in the order they closed (expires, then auction id), and keeps the last 11
 * winning prices in keyed state.
 *
 * <p>How it relates to the SQL: nexmark's q6 does not run on Flink (its OVER window cannot consume
 * the ROW_NUMBER's retractions), and its rows would change as higher bids arrive. Weir emits append
 * rows, one per closed auction with a winning bid, over final prices only; it orders a seller's
 * auctions by when they closed (Nexmark's "last 10 closed auctions"), where the SQL orders by the
 * winning bid's time; the frame is the SQL's: the current auction and the 10 before it (integer
 * average, as the SQL's {@code AVG} of a {@code BIGINT}). Late auctions and bids: see {@link WinningBid}.
 *
 * <p>Output: {@link Row} {@code seller, avg_price}. No Flink SQL peer (see above).
 */
public final class Q6AverageSellingPriceBySeller {
    /** The closed auctions averaged: the current one and this many before it (the SQL's {@code 10 PRECEDING}). */
    public static final int PRECEDING = 10;

    private Q6AverageSellingPriceBySeller() {
    }

    /** A result row: {@code seller, avg_price}. */
    public record Row(long seller, long avgPrice) {
        @Override
        public String toString() {
            return seller + "," + avgPrice;
        }
    }

    public static SingleOutputStreamOperator<Row> apply(DataStream<Event> events) {
        return NexmarkViews.auctions(events)
                .connect(NexmarkViews.bids(events))
                .keyBy(Auction::id, Bid::auction)
                .process(new WinningBid()).name("q6-winning-bids").uid("q6-winning-bids")
                .keyBy(WinningBid.ClosedAuction::seller)
                .process(new AverageOfLastSales()).name("q6").uid("q6");
    }

    /** The running average of a seller's last {@code PRECEDING + 1} winning prices, in closing order. */
    static final class AverageOfLastSales extends KeyedProcessFunction<Long, WinningBid.ClosedAuction, Row> {
        private static final Comparator<WinningBid.ClosedAuction> CLOSING_ORDER =
                Comparator.comparingLong(WinningBid.ClosedAuction::expires).thenComparingLong(WinningBid.ClosedAuction::id);
        private transient ListState<WinningBid.ClosedAuction> arrived;
        /** The last winning prices, oldest first: at most {@code PRECEDING + 1}. */
        private transient ValueState<long[]> lastPrices;

        @Override
        public void open(OpenContext openContext) {
            arrived = getRuntimeContext().getListState(new ListStateDescriptor<>("closed-auctions",
                    WinningBid.ClosedAuction.class));
            lastPrices = getRuntimeContext().getState(new ValueStateDescriptor<>("last-prices", long[].class));
        }

        @Override
        public void processElement(WinningBid.ClosedAuction closed, Context ctx, Collector<Row> out) throws Exception {
            arrived.add(closed);
            ctx.timerService().registerEventTimeTimer(closed.expires());
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
            List<WinningBid.ClosedAuction> due = new ArrayList<>();
            List<WinningBid.ClosedAuction> later = new ArrayList<>();
            for (WinningBid.ClosedAuction closed : arrived.get()) {
                (closed.expires() <= timestamp ? due : later).add(closed);
            }
            due.sort(CLOSING_ORDER);
            long[] prices = lastPrices.value();
            if (prices == null) {
                prices = new long[0];
            }
            for (WinningBid.ClosedAuction closed : due) {
                int keep = Math.min(prices.length, PRECEDING);
                long[] next = new long[keep + 1];
                System.arraycopy(prices, prices.length - keep, next, 0, keep);
                next[keep] = closed.price();
                prices = next;
                long sum = 0;
                for (long price : prices) {
                    sum += price;
                }
                out.collect(new Row(closed.seller(), sum / prices.length));
            }
            lastPrices.update(prices);
            arrived.update(later);
        }
    }
}
