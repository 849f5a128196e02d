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

    public String getName() {
        return transformation.name();
    }
}
