package dev.weir.state.ttl;

import dev.weir.api.state.ListState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** List state with time-to-live: each element carries its own last-access time and expires alone. */
final class TtlListState<T> implements ListState<T> {
    private final ListState<TtlValue<T>> stored;
    private final TtlPolicy policy;
    private final Runnable access;

    TtlListState(ListState<TtlValue<T>> stored, TtlPolicy policy, Runnable access) {
        this.stored = stored;
        this.policy = policy;
        this.access = access;
    }

    @Override
    public Iterable<T> get() {
        access.run();
        long now = policy.now();
        List<T> visible = new ArrayList<>();
        List<TtlValue<T>> unexpired = new ArrayList<>();
        boolean anyExpired = false;
        for (TtlValue<T> element : stored.get()) {
            if (policy.expired(element, now)) {
                anyExpired = true;
                if (policy.returnExpired()) {
                    visible.add(element.value());
                }
            } else {
                visible.add(element.value());
                unexpired.add(policy.updateOnRead() ? new TtlValue<>(element.value(), now) : element);
            }
        }
        if (anyExpired || policy.updateOnRead() && !unexpired.isEmpty()) {
            stored.update(unexpired); // drops the expired elements (an empty list clears the state)
        }
        return Collections.unmodifiableList(visible);
    }

    @Override
    public void add(T value) {
        access.run();
        stored.add(new TtlValue<>(value, policy.now()));
    }

    @Override
    public void addAll(List<T> values) {
        access.run();
        stored.addAll(wrap(values));
    }

    @Override
    public void update(List<T> values) {
        access.run();
        stored.update(wrap(values));
    }

    private List<TtlValue<T>> wrap(List<T> values) {
        long now = policy.now();
        List<TtlValue<T>> wrapped = new ArrayList<>(values.size());
        for (T value : values) {
            wrapped.add(new TtlValue<>(value, now));
        }
        return wrapped;
    }

    @Override
    public void clear() {
        access.run();
        stored.clear();
    }
}
