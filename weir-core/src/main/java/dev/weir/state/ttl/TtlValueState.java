package dev.weir.state.ttl;

import dev.weir.api.state.ValueState;

/** Value state with time-to-live over the backend's value state of {@link TtlValue}s. */
final class TtlValueState<T> implements ValueState<T> {
    private final ValueState<TtlValue<T>> stored;
    private final TtlPolicy policy;
    private final Runnable access;

    TtlValueState(ValueState<TtlValue<T>> stored, TtlPolicy policy, Runnable access) {
        this.stored = stored;
        this.policy = policy;
        this.access = access;
    }

    @Override
    public T value() {
        access.run();
        TtlValue<T> value = stored.value();
        if (value == null) {
            return null;
        }
        long now = policy.now();
        if (policy.expired(value, now)) {
            stored.clear(); // cleanup on access
            return policy.returnExpired() ? value.value() : null;
        }
        if (policy.updateOnRead()) {
            stored.update(new TtlValue<>(value.value(), now));
        }
        return value.value();
    }

    @Override
    public void update(T value) {
        access.run();
        if (value == null) {
            stored.clear();
        } else {
            stored.update(new TtlValue<>(value, policy.now()));
        }
    }

    @Override
    public void clear() {
        access.run();
        stored.clear();
    }
}
