package dev.weir.api;

import dev.weir.graph.Partitioning;
import dev.weir.graph.Transformation;
import java.util.List;

/**
 * The stream produced by one operator (or source), where that operator can be configured:
 * its name (shown in errors and stats), its uid (how its state is matched on restore — set one on
 * every stateful operator) and its parallelism.
 */
public final class OperatorStream<T> extends DataStream<T> {
    final Transformation transformation;

    OperatorStream(StreamEnvironment env, Transformation transformation) {
        super(env, List.of(new Transformation.Input(transformation, new Partitioning.Default())));
        this.transformation = transformation;
    }

    public OperatorStream<T> name(String name) {
        transformation.setName(name);
        return this;
    }

    /** A stable id, unique in the job; checkpointed state is matched to operators by it. */
    public OperatorStream<T> uid(String uid) {
        transformation.setUid(uid);
        return this;
    }

    public OperatorStream<T> setParallelism(int parallelism) {
        transformation.setParallelism(parallelism);
        return this;
    }

    /**
     * How long this operator's output may wait in a partly filled batch before it is handed to the
     * next task, even while this operator's task is busy (Flink's
     * {@code SingleOutputStreamOperator.setBufferTimeout}). -1 (the default) uses the environment's
     * {@link StreamEnvironment#setBufferTimeout}; 0 hands over every record at once; a positive value
     * bounds the wait to about that many milliseconds. Only matters where the output goes to another
     * task (a chained operator's records are passed on at once).
     */
    public OperatorStream<T> setBufferTimeout(long timeoutMillis) {
        transformation.setBufferTimeout(timeoutMillis);
        return this;
    }

    public String getName() {
        return transformation.name();
    }
}
