package dev.weir.flink.translate.window;

import dev.weir.api.dag.Operation;
import dev.weir.api.dag.Transformation;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.Plans;

/** Finds the window operation of a node in the plan rebuilt in this JVM (for the Flink-side handles). */
final class WindowedNode {

    private WindowedNode() {
    }

    static Operation.Windowed windowed(PlanRef ref, int nodeId) {
        Transformation node = Plans.node(ref, nodeId);
        if (!(node.operation() instanceof Operation.Windowed windowed)) {
            throw new IllegalStateException("node " + nodeId + " (" + node + ") of the plan of " + ref + " rebuilt in "
                    + "this JVM is not a window operator: the program must build the same job for the same arguments "
                    + "in every JVM");
        }
        return windowed;
    }
}
