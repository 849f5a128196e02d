package dev.weir.flink.translate.bridge;

import dev.weir.api.dag.Operation;
import dev.weir.api.dag.Transformation;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.Plans;
import dev.weir.runtime.operators.Operators;

/**
 * The Weir function a Flink operator of a translated node runs, found in the plan rebuilt in this JVM: this
 * subtask's own copy of the node's user function, or, for a keyed {@code map}/{@code flatMap}/{@code filter} and
 * the rolling aggregates, the keyed process function Weir's local runtime runs for them (around a copy of the
 * user's function), so both engines run the same code.
 */
public final class UserFunctions {

    private UserFunctions() {
    }

    @SuppressWarnings("unchecked")
    public static <F> F perSubtask(PlanRef ref, int nodeId) {
        Transformation node = Plans.node(ref, nodeId);
        Operation operation = node.operation();
        if (operation instanceof Operation.OnKeyedStream || operation instanceof Operation.RollingReduce
                || operation instanceof Operation.RollingSum) {
            return (F) Operators.keyedFunction(operation);
        }
        Object function = node.userFunction();
        if (function == null) {
            throw new IllegalStateException("operator " + node + " runs no user function");
        }
        return (F) dev.weir.runtime.FunctionCopies.perSubtaskCopy(function);
    }
}
