package dev.weir.flink.translate.twoinput;

import dev.weir.api.functions.CoMapFunction;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.bridge.WeirFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import dev.weir.flink.translate.bridge.TimeDomains;
import dev.weir.flink.translate.bridge.WeirTimerService;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.RichCoMapFunction;

/** A Weir {@code CoMapFunction} as Flink's: holds the plan reference and node id; opens the subtask's copy. */
public final class CoMapAdapter extends RichCoMapFunction<Object, Object, Object>
        implements CheckpointedFunction, CheckpointListener {

    private static final long serialVersionUID = 1L;

    private final PlanRef ref;
    private final int nodeId;
    private transient CoMapFunction<Object, Object, Object> function;
    private transient WeirFunction<CoMapFunction<Object, Object, Object>> weir;

    public CoMapAdapter(PlanRef ref, int nodeId) {
        this.ref = ref;
        this.nodeId = nodeId;
    }

    private WeirFunction<CoMapFunction<Object, Object, Object>> weir() {
        if (weir == null) {
            weir = WeirFunction.of(ref, nodeId, getRuntimeContext());
        }
        return weir;
    }

    @Override
    public void initializeState(FunctionInitializationContext flink) throws Exception {
        weir().initializeState(flink);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext flink) throws Exception {
        weir().snapshotState(flink);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        weir().notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        weir().notifyCheckpointAborted(checkpointId);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        weir().open();
        function = weir.get();
    }

    @Override
    public Object map1(Object value) throws Exception {
        return function.map1(value);
    }

    @Override
    public Object map2(Object value) throws Exception {
        return function.map2(value);
    }

    @Override
    public void close() throws Exception {
        if (weir != null) {
            weir.close();
        }
    }
}
