package dev.weir.testing;

import dev.weir.api.KeyValue;
import dev.weir.api.RuntimeContext;
import dev.weir.api.functions.MapFunction;

/** Tags each record with the index of the subtask that mapped it (chained to a source: the source's subtask). */
public final class SubtaskTag<T> implements MapFunction<T, KeyValue<Integer, T>> {
    private int subtask = -1;

    @Override
    public void open(RuntimeContext context) {
        subtask = context.getSubtaskIndex();
    }

    @Override
    public KeyValue<Integer, T> map(T value) {
        return new KeyValue<>(subtask, value);
    }
}
