package dev.weir.api;

import dev.weir.api.dag.Transformation;

/** The end of a stream in a sink: configure the sink operator's name, uid and parallelism. */
public final class DataStreamSink<T> {
    private final Transformation transformation;

    DataStreamSink(Transformation transformation) {
        this.transformation = transformation;
    }

    public DataStreamSink<T> name(String name) {
        transformation.setName(name);
        return this;
    }

    public DataStreamSink<T> uid(String uid) {
        transformation.setUid(uid);
        return this;
    }

    /** Runs the sink in a task of its own, not fused with the operator before it. */
    public DataStreamSink<T> disableChaining() {
        transformation.setChaining(Transformation.Chaining.NEVER);
        return this;
    }

    public DataStreamSink<T> setParallelism(int parallelism) {
        transformation.setParallelism(parallelism);
        return this;
    }
}
