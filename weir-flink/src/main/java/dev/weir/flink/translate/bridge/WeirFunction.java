package dev.weir.flink.translate.bridge;

import dev.weir.flink.translate.PlanRef;

/**
 * One subtask's Weir function inside a Flink function of a translated job, with its runtime context and
 * lifecycle ({@link RichFunctions}). The Flink function makes it on the first of Flink's
 * {@code initializeState} and {@code open} (Flink calls {@code initializeState} first), from its plan ref and node
 * id; task thread only.
 */
public final class WeirFunction<F> {

    private final PlanRef ref;
    private final F function;
    private final WeirRuntimeContext context;

    private WeirFunction(PlanRef ref, F function, WeirRuntimeContext context) {
        this.ref = ref;
        this.function = function;
        this.context = context;
    }

    /** This subtask's copy of node {@code nodeId}'s function, its runtime context set to Weir's over {@code flink}. */
    public static <F> WeirFunction<F> of(PlanRef ref, int nodeId,
                                         org.apache.flink.api.common.functions.RuntimeContext flink) {
        F function = UserFunctions.perSubtask(ref, nodeId);
        WeirRuntimeContext context = new WeirRuntimeContext(ref, flink);
        RichFunctions.setRuntimeContext(function, context);
        return new WeirFunction<>(ref, function, context);
    }

    public F get() {
        return function;
    }

    public WeirRuntimeContext context() {
        return context;
    }

    public void initializeState(org.apache.flink.runtime.state.FunctionInitializationContext flink) throws Exception {
        RichFunctions.initializeState(ref, function, flink);
    }

    /** Runs the Weir function's {@code open} and returns it, for the adapter's per-record path. */
    public F open() throws Exception {
        RichFunctions.open(function, context);
        return function;
    }

    public void snapshotState(org.apache.flink.runtime.state.FunctionSnapshotContext flink) throws Exception {
        RichFunctions.snapshotState(function, flink);
    }

    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        RichFunctions.notifyCheckpointComplete(function, checkpointId);
    }

    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        RichFunctions.notifyCheckpointAborted(function, checkpointId);
    }

    public void close() throws Exception {
        RichFunctions.close(function);
    }

    /** Closes {@code weir} if the adapter made it (Flink may close a function it never initialized). */
    public static void closeIfMade(WeirFunction<?> weir) throws Exception {
        if (weir != null) {
            weir.close();
        }
    }
}
