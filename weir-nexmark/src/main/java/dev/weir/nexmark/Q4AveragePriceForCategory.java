package dev.weir.nexmark;

import dev.weir.api.Collector;
import dev.weir.api.DataStream;
import dev.weir.api.SingleOutputStreamOperator;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.nexmark.model.Auction;
import dev.weir.nexmark.model.Bid;
import dev.weir.nexmark.model.Event;

/**
 * Nexmark q4, average price for a category: per category, the average of the winning (highest) bid
 * prices of its auctions.
 *
 * <pre>
 * SELECT Q.category, AVG(Q.final)
 * FROM (SELECT MAX(B.price) AS final, A.category FROM auction A, bid B
 *       WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires
 *       GROUP BY A.id, A.category) Q
 * GROUP BY Q.category
 * </pre>
 *
 * As a DataStream job, in two steps: (1) {@code auctions.connect(bids).keyBy(id, auction)} →
 * {@link WinningBid}, a {@code KeyedCoProcessFunction} keeping per auction its time range and highest
 * bid in range so far, and emitting the final price when the watermark passes the auction's
 * {@code expires} (an auction without a bid in range gives nothing, as the inner join);
 * (2) {@code keyBy(category)} → {@link AverageOfCategory}: sum and count in keyed state, the average
 * (integer division, as the SQL's {@code AVG} of a {@code BIGINT}) emitted at each closed auction.
 *
 * <p>How the output relates to the SQL's: the SQL's result is an updating table (each new highest
 * bid retracts and replaces an auction's {@code final}, and with it its category's average). Weir
 * emits appends only: one row {@code category, average} per closed auction, the category's average
 * over the auctions closed so far; the last row of a category is the SQL's final value for it, once
 * every auction has closed. Late auctions and bids: see {@link WinningBid}.
 *
 * <p>Output: {@link Row} {@code id, final} — nexmark's sink table names the category {@code id} and
 * the average {@code final}.
 */
public final class Q4AveragePriceForCategory {
    private Q4AveragePriceForCategory() {
    }

    /** A result row: {@code id, final} — the category and the average winning price of its auctions closed so far. */
    public record Row(long id, long average) {
        @Override
        public String toString() {
            return id + "," + average;
        }
    }

    /** Step 2's state: the winning prices of a category's closed auctions, added up. */
    public record Sum(long sum, long count) {
    }

    public static SingleOutputStreamOperator<Row> apply(DataStream<Event> events) {
        return NexmarkViews.auctions(events)
                .connect(NexmarkViews.bids(events))
                .keyBy(Auction::id, Bid::auction)
                .process(new WinningBid()).name("q4-winning-bids").uid("q4-winning-bids")
                .keyBy(WinningBid.ClosedAuction::category)
                .process(new AverageOfCategory()).name("q4").uid("q4");
    }

    /** The running average of a category's winning prices, one row per closed auction. */
    static final class AverageOfCategory extends KeyedProcessFunction<Long, WinningBid.ClosedAuction, Row> {
        private transient ValueState<Sum> sum;

        @Override
        public void open(OpenContext openContext) {
            sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Sum.class));
        }

        @Override
        public void processElement(WinningBid.ClosedAuction closed, Context ctx, Collector<Row> out) throws Exception {
            Sum before = sum.value();
            Sum after = before == null ? new Sum(closed.price(), 1)
                    : new Sum(before.sum() + closed.price(), before.count() + 1);
            sum.update(after);
            out.collect(new Row(closed.category(), after.sum() / after.count()));
        }
    }
}
