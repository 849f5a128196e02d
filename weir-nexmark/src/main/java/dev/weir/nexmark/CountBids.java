package dev.weir.nexmark;

import dev.weir.api.functions.AggregateFunction;
import dev.weir.nexmark.model.Bid;

/** {@code count(*)} of the bids of a window: keeps one number per window and key, not the bids. */
public final class CountBids implements AggregateFunction<Bid, Long, Long> {
    @Override
    public Long createAccumulator() {
        return 0L;
    }

    @Override
    public Long add(Bid bid, Long count) {
        return count + 1;
    }

    @Override
    public Long getResult(Long count) {
        return count;
    }

    @Override
    public Long merge(Long a, Long b) {
        return a + b;
    }
}
