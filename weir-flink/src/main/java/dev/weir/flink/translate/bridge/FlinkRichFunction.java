package dev.weir.flink.translate.bridge;

import dev.weir.flink.translate.PlanRef;
import org.apache.flink.api.common.functions.AbstractRichFunction;
import org.apache.flink.api.common.functions.OpenContext;

/**
 * The base of the Flink functions that run a translated node's Weir function ({@code map}, {@code flatMap},
 * {@code filter}): Serializable, it holds only the plan ref and node id; in the TaskManager it takes its own copy
 * of the Weir function ({@link WeirFunction}) and passes Flink's lifecycle on to it (state initialization,
 * open, snapshots, checkpoint notifications, close).
 */
abstract class FlinkRichFunction<F> extends AbstractRichFunction implements DelegatesToWeir {

    private static final long serialVersionUID = 1L;

    protected final PlanRef ref;
    protected final int nodeId;
    private transient WeirFunction<F> weir;

    FlinkRichFunction(PlanRef ref, int nodeId) {
        this.ref = ref;
        this.nodeId = nodeId;
    }

    @Override
    public final WeirFunction<F> weir() {
        if (weir == null) {
            weir = WeirFunction.of(ref, nodeId, getRuntimeContext());
        }
        return weir;
    }

    /** Called at the end of {@link #open} with the opened Weir function: keep what the per-record path needs. */
    protected abstract void opened(F function);

    @Override
    public void open(OpenContext openContext) throws Exception {
        opened(weir().open());
    }

    @Override
    public void close() throws Exception {
        WeirFunction.closeIfMade(weir);
    }
}
