package dev.weir.testing;

import dev.weir.api.KeyValue;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.functions.RichMapFunction;

/** Tags each record with the index of the subtask that mapped it (chained to a source: the source's subtask). */
public final class SubtaskTag<T> extends RichMapFunction<T, KeyValue<Integer, T>> {
    private int subtask = -1;

    @Override
    public void open(OpenContext openContext) {
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    }

    @Override
    public KeyValue<Integer, T> map(T value) {
        return new KeyValue<>(subtask, value);
    }
}
