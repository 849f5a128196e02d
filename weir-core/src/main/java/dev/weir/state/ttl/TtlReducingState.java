package dev.weir.state.ttl;

import dev.weir.api.state.ReducingState;

/**
 * Reducing state with time-to-live over the backend's reducing state of {@link TtlValue}s, whose reduce
 * function ({@link TtlStateFactory}) starts again from the added value when the accumulated one expired.
 */
final class TtlReducingState<T> implements ReducingState<T> {
    private final ReducingState<TtlValue<T>> stored;
    private final TtlPolicy policy;
    private final Runnable access;

    TtlReducingState(ReducingState<TtlValue<T>> stored, TtlPolicy policy, Runnable access) {
        this.stored = stored;
        this.policy = policy;
        this.access = access;
    }

    @Override
    public T get() {
        access.run();
        TtlValue<T> value = stored.get();
        if (value == null) {
            return null;
        }
        long now = policy.now();
        if (policy.expired(value, now)) {
            stored.clear();
            return policy.returnExpired() ? value.value() : null;
        }
        if (policy.updateOnRead()) {
            stored.clear(); // the first value added is stored as it is: the same value, read now
            stored.add(new TtlValue<>(value.value(), now));
        }
        return value.value();
    }

    @Override
    public void add(T value) {
        access.run();
        stored.add(new TtlValue<>(value, policy.now()));
    }

    @Override
    public void clear() {
        access.run();
        stored.clear();
    }
}
