package dev.weir.api;

import dev.weir.api.dag.Transformation;

/**
 * The stream a source produces (what {@code fromSource}, {@code fromData} and the other source
 * methods of {@link StreamExecutionEnvironment} return): a {@link SingleOutputStreamOperator} whose
 * operator is the source, so its name, uid and parallelism are set the same way.
 */
public final class DataStreamSource<T> extends SingleOutputStreamOperator<T> {
    DataStreamSource(StreamExecutionEnvironment env, Transformation transformation) {
        super(env, transformation);
    }
}
