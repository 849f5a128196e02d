package dev.weir.nexmark;

import dev.weir.api.Collector;
import dev.weir.api.DataStream;
import dev.weir.api.SingleOutputStreamOperator;
import dev.weir.api.functions.KeyedCoProcessFunction;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.nexmark.model.Auction;
import dev.weir.nexmark.model.Bid;
import dev.weir.nexmark.model.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * {@link WinningBid}, a {@code KeyedCoProcessFunction} keeping per auction its category, time range
 * and highest bid in range so far, and emitting the final price when the watermark passes the
 * auction's {@code expires} (an auction without a bid in range gives nothing, as the inner join);
 * (2) {@code keyBy(category)} → {@link AverageOfCategory}: sum and count in keyed state, the average
 * (integer division, as the SQL's {@code AVG} of a {@code BIGINT}) emitted at each closed auction.
 *
 * <p>How the output relates to the SQL's: the SQL's result is an updating table (each new highest
 * bid retracts and replaces an auction's {@code final}, and with it its category's average). Weir
 * emits appends only: one row {@code category, average} per closed auction, the category's average
 * over the auctions closed so far; the last row of a category is the SQL's final value for it, once
 * every auction has closed. Bids that arrive before their auction wait for it (the largest price per
 * bid time, in keyed map state) until the watermark passes their time; an auction or bid arriving
 * after the watermark passed the time it needs is not joined (the SQL's unwindowed join would still
 * join it).
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

    /** Step 1's result: the highest bid in range of a closed auction of {@code category}. */
    public record ClosedAuction(long category, long price) {
    }

    /** What step 1 keeps of an open auction. */
    public record OpenAuction(long category, long dateTime, long expires) {
    }

    /** Step 2's state: the winning prices of a category's closed auctions, added up. */
    public record Sum(long sum, long count) {
    }

    public static SingleOutputStreamOperator<Row> apply(DataStream<Event> events) {
        return NexmarkViews.auctions(events)
                .connect(NexmarkViews.bids(events))
                .keyBy(Auction::id, Bid::auction)
                .process(new WinningBid()).name("q4-winning-bids").uid("q4-winning-bids")
                .keyBy(ClosedAuction::category)
                .process(new AverageOfCategory()).name("q4").uid("q4");
    }

    /**
     * The highest bid within the auction's time range, per auction: input 1 auctions, input 2 bids.
     * Timers: the auction's {@code expires} (closes it) and, for bids that came first, the bid's time
     * (drops it if its auction has not come by then).
     */
    static final class WinningBid extends KeyedCoProcessFunction<Long, Auction, Bid, ClosedAuction> {
        private transient ValueState<OpenAuction> auction;
        private transient ValueState<Long> highest;
        /** Bids without their auction yet: bid time → the highest price at that time. */
        private transient MapState<Long, Long> waiting;

        @Override
        public void open(OpenContext openContext) {
            auction = getRuntimeContext().getState(new ValueStateDescriptor<>("auction", OpenAuction.class));
            highest = getRuntimeContext().getState(new ValueStateDescriptor<>("highest", Long.class));
            waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>("waiting-bids", Long.class, Long.class));
        }

        @Override
        public void processElement1(Auction a, Context ctx, Collector<ClosedAuction> out) throws Exception {
            OpenAuction open = new OpenAuction(a.category(), a.dateTime(), a.expires());
            auction.update(open);
            long max = -1;
            for (Map.Entry<Long, Long> bid : waiting.entries()) {
                if (bid.getKey() >= open.dateTime() && bid.getKey() <= open.expires()) {
                    max = Math.max(max, bid.getValue());
                }
            }
            waiting.clear();
            if (max >= 0) {
                highest.update(max);
            }
            ctx.timerService().registerEventTimeTimer(open.expires());
        }

        @Override
        public void processElement2(Bid bid, Context ctx, Collector<ClosedAuction> out) throws Exception {
            OpenAuction open = auction.value();
            if (open == null) {
                Long before = waiting.get(bid.dateTime());
                if (before == null || before < bid.price()) {
                    waiting.put(bid.dateTime(), bid.price());
                }
                ctx.timerService().registerEventTimeTimer(bid.dateTime());
            } else if (bid.dateTime() >= open.dateTime() && bid.dateTime() <= open.expires()) {
                Long max = highest.value();
                if (max == null || max < bid.price()) {
                    highest.update(bid.price());
                }
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<ClosedAuction> out) throws Exception {
            OpenAuction open = auction.value();
            if (open != null) {
                if (timestamp == open.expires()) {
                    Long max = highest.value();
                    if (max != null) {
                        out.collect(new ClosedAuction(open.category(), max));
                    }
                    auction.clear();
                    highest.clear();
                }
                return; // a timer of a bid that waited for this auction: already joined
            }
            List<Long> expired = new ArrayList<>();
            for (Long time : waiting.keys()) {
                if (time <= timestamp) {
                    expired.add(time);
                }
            }
            for (Long time : expired) {
                waiting.remove(time);
            }
        }
    }

    /** The running average of a category's winning prices, one row per closed auction. */
    static final class AverageOfCategory extends KeyedProcessFunction<Long, ClosedAuction, Row> {
        private transient ValueState<Sum> sum;

        @Override
        public void open(OpenContext openContext) {
            sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Sum.class));
        }

        @Override
        public void processElement(ClosedAuction closed, Context ctx, Collector<Row> out) throws Exception {
            Sum before = sum.value();
            Sum after = before == null ? new Sum(closed.price(), 1)
                    : new Sum(before.sum() + closed.price(), before.count() + 1);
            sum.update(after);
            out.collect(new Row(closed.category(), after.sum() / after.count()));
        }
    }
}
