package dev.weir.state.ttl;

import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.state.AggregatingState;

/**
 * Aggregating state with time-to-live over the backend's aggregating state whose accumulator is a
 * {@link TtlValue} and whose result is that accumulator itself ({@link Function}), so this layer sees the
 * last-access time and computes the user's result.
 */
final class TtlAggregatingState<IN, ACC, OUT> implements AggregatingState<IN, OUT> {
    /** Added to refresh the accumulator's last-access time on a read ({@code OnReadAndWrite}). */
    private static final Object TOUCH = new Object();

    private final AggregatingState<Object, TtlValue<ACC>> stored;
    private final AggregateFunction<IN, ACC, OUT> user;
    private final TtlPolicy policy;
    private final Runnable access;

    TtlAggregatingState(AggregatingState<Object, TtlValue<ACC>> stored, AggregateFunction<IN, ACC, OUT> user,
                        TtlPolicy policy, Runnable access) {
        this.stored = stored;
        this.user = user;
        this.policy = policy;
        this.access = access;
    }

    @Override
    public OUT get() {
        access.run();
        TtlValue<ACC> accumulator = stored.get();
        if (accumulator == null) {
            return null;
        }
        if (policy.expired(accumulator, policy.now())) {
            stored.clear();
            return policy.returnExpired() ? user.getResult(accumulator.value()) : null;
        }
        if (policy.updateOnRead()) {
            stored.add(TOUCH);
        }
        return user.getResult(accumulator.value());
    }

    @Override
    public void add(IN value) {
        access.run();
        stored.add(value);
    }

    @Override
    public void clear() {
        access.run();
        stored.clear();
    }

    /**
     * The user's function over timestamped accumulators: an expired accumulator is replaced by a new one
     * before adding; {@link #TOUCH} only refreshes the time; the result is the accumulator.
     */
    static final class Function<IN, ACC, OUT> implements AggregateFunction<Object, TtlValue<ACC>, TtlValue<ACC>> {
        private final AggregateFunction<IN, ACC, OUT> user;
        private final TtlPolicy policy;

        Function(AggregateFunction<IN, ACC, OUT> user, TtlPolicy policy) {
            this.user = user;
            this.policy = policy;
        }

        @Override
        public TtlValue<ACC> createAccumulator() {
            return new TtlValue<>(user.createAccumulator(), policy.now());
        }

        @Override
        @SuppressWarnings("unchecked")
        public TtlValue<ACC> add(Object value, TtlValue<ACC> accumulator) {
            long now = policy.now();
            ACC current = policy.expired(accumulator, now) ? user.createAccumulator() : accumulator.value();
            return new TtlValue<>(value == TOUCH ? current : user.add((IN) value, current), now);
        }

        @Override
        public TtlValue<ACC> getResult(TtlValue<ACC> accumulator) {
            return accumulator;
        }

        @Override
        public TtlValue<ACC> merge(TtlValue<ACC> a, TtlValue<ACC> b) {
            return new TtlValue<>(user.merge(a.value(), b.value()), Math.max(a.lastAccess(), b.lastAccess()));
        }
    }
}
