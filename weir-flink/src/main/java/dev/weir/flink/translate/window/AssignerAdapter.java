package dev.weir.flink.translate.window;

import dev.weir.flink.translate.PlanRef;
import java.util.Collection;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.windows.Window;

/**
 * A Weir window assigner without a Flink twin (one of the user's own, or one whose parameters cannot be read), run
 * as a Flink assigner: holds only the plan reference and node id, and finds the Weir assigner in the plan rebuilt in
 * the TaskManager. Assigners are immutable values, so all subtasks of a JVM share the plan's instance, as on Weir's
 * runtime. Merging assigners use {@link MergingAssignerAdapter}.
 */
public final class AssignerAdapter extends WindowAssigner<Object, Window> {

    private static final long serialVersionUID = 1L;

    private final PlanRef ref;
    private final int nodeId;
    private final boolean eventTime;
    private final WindowKind kind;
    private transient AssignerCalls calls;

    public AssignerAdapter(PlanRef ref, int nodeId, boolean eventTime, WindowKind kind) {
        this.ref = ref;
        this.nodeId = nodeId;
        this.eventTime = eventTime;
        this.kind = kind;
    }

    @Override
    public Collection<Window> assignWindows(Object element, long timestamp, WindowAssignerContext context) {
        if (calls == null) {
            calls = new AssignerCalls(WindowedNode.windowed(ref, nodeId).assigner(), kind);
        }
        return calls.assignWindows(element, timestamp, context);
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
        return "WeirAssigner(node " + nodeId + ")";
    }
}
