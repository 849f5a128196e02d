package dev.weir.nexmark;

import dev.weir.api.Collector;
import dev.weir.api.functions.KeyedCoProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.nexmark.model.Auction;
import dev.weir.nexmark.model.Bid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The winning bid of each auction, the core q4 and q6 share: the highest bid whose time lies within
 * the auction's {@code [dateTime, expires]}, emitted as a {@link ClosedAuction} when the watermark
 * passes {@code expires}. Use on {@code auctions.connect(bids).keyBy(Auction::id, Bid::auction)}:
 * input 1 auctions, input 2 bids, keyed by auction id (Nexmark's auction ids are unique: one auction
 * per key). An auction without a bid in range emits nothing, as the SQL's inner join.
 *
 * <p>State per auction: the open auction and its highest price in range so far, cleared when it
 * closes; bids that arrive before their auction wait for it (the highest price per bid time, in
 * keyed map state), each with an event-time timer at its time: once the watermark passes a bid's
 * time its auction, which cannot be later than the bid, would be late, so the bid is dropped. An
 * auction or bid that arrives after the watermark passed the time it needs is therefore not joined,
 * where the SQL's unwindowed join would still join it.
 */
public final class WinningBid extends KeyedCoProcessFunction<Long, Auction, Bid, WinningBid.ClosedAuction> {
    private transient ValueState<OpenAuction> auction;
    private transient ValueState<Long> highest;
    /** Bids without their auction yet: bid time → the highest price at that time. */
    private transient MapState<Long, Long> waiting;

    /** A closed auction and the price of its winning bid. */
    public record ClosedAuction(long id, long seller, long category, long expires, long price) {
    }

    /** What is kept of an open auction. */
    public record OpenAuction(long id, long seller, long category, long dateTime, long expires) {
    }

    @Override
    public void open(OpenContext openContext) {
        auction = getRuntimeContext().getState(new ValueStateDescriptor<>("auction", OpenAuction.class));
        highest = getRuntimeContext().getState(new ValueStateDescriptor<>("highest", Long.class));
        waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>("waiting-bids", Long.class, Long.class));
    }

    @Override
    public void processElement1(Auction a, Context ctx, Collector<ClosedAuction> out) throws Exception {
        OpenAuction open = new OpenAuction(a.id(), a.seller(), a.category(), a.dateTime(), a.expires());
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
                    out.collect(new ClosedAuction(open.id(), open.seller(), open.category(), open.expires(), max));
                }
                auction.clear();
                highest.clear();
            }
            return; // a timer of a bid that waited for this auction: joined already
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
