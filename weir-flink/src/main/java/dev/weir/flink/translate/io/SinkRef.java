package dev.weir.flink.translate.io;

import dev.weir.api.connector.Sink;
import dev.weir.api.dag.Operation;
import dev.weir.api.dag.Transformation;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.Plans;
import java.io.Serializable;

/**
 * Names a Weir sink node of a translated job: all a Flink-side object of the sink carries. Each subtask takes its
 * own copy of the Weir sink from the plan rebuilt in its JVM ({@link dev.weir.runtime.FunctionCopies#perSubtaskCopy}), as Weir's runtime does.
 */
record SinkRef(PlanRef plan, int nodeId) implements Serializable {

    private static final long serialVersionUID = 1L;

    Transformation node() {
        return Plans.node(plan, nodeId);
    }

    /** The node's Weir sink as the plan holds it (shared: only to look at, never to run). */
    static Sink<?> sinkOf(Transformation node) {
        return ((Operation.SinkTo) node.operation()).sink();
    }

    /** This subtask's own copy of the Weir sink. */
    @SuppressWarnings("unchecked")
    <T> Sink<T> copy() {
        return (Sink<T>) dev.weir.runtime.FunctionCopies.perSubtaskCopy(sinkOf(node()));
    }
}
