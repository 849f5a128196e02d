package dev.weir.flink.translate.window;

import dev.weir.flink.translate.PlanRef;
import java.util.Collection;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.windowing.assigners.MergingWindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.windows.Window;

/**
 * A merging Weir window assigner without a Flink twin (dynamic-gap sessions, or one of the user's own), run as a
 * Flink merging assigner; see {@link AssignerAdapter}.
 */
public final class MergingAssignerAdapter extends MergingWindowAssigner<Object, Window> {

    private static final long serialVersionUID = 1L;

    private final PlanRef ref;
    private final int nodeId;
    private final boolean eventTime;
    private final WindowKind kind;
    private transient AssignerCalls calls;

    public MergingAssignerAdapter(PlanRef ref, int nodeId, boolean eventTime, WindowKind kind) {
        this.ref = ref;
        this.nodeId = nodeId;
        this.eventTime = eventTime;
        this.kind = kind;
    }

    private AssignerCalls calls() {
        if (calls == null) {
            calls = new AssignerCalls(WindowedNode.windowed(ref, nodeId).assigner(), kind);
        }
        return calls;
    }

    @Override
    public Collection<Window> assignWindows(Object element, long timestamp, WindowAssignerContext context) {
        return calls().assignWindows(element, timestamp, context);
    }

    @Override
    public void mergeWindows(Collection<Window> windows, MergeCallback<Window> callback) {
        calls().mergeWindows(windows, callback);
    }

    /** Never used: the translation always sets the node's trigger, translated. */
    @Override
    public Trigger<Object, Window> getDefaultTrigger() {
        return Triggers.placeholder();
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeSerializer<Window> getWindowSerializer(ExecutionConfig executionConfig) {
        return (TypeSerializer<Window>) kind.flinkSerializer();
    }

    @Override
    public boolean isEventTime() {
        return eventTime;
    }

    @Override
    public String toString() {
        return "WeirMergingAssigner(node " + nodeId + ")";
    }
}
