package dev.weir.flink.translate.window;

import dev.weir.api.state.State;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.windowing.triggers.PurgingTrigger;
import dev.weir.api.windowing.triggers.Trigger;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.bridge.WeirKeyedStateStore;
import dev.weir.flink.translate.functions.StatesByDescriptor;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.Window;

/**
 * A Weir trigger without a Flink twin (one of the user's own) run as a Flink trigger: holds only the plan
 * reference, node id, window kind and how many {@code PurgingTrigger}s wrap it in the node's trigger. The Weir
 * trigger keeps its state in Flink's partitioned state (Weir descriptors translated by the state bridge) and its
 * timers in Flink's; triggers hold no state in fields, so the subtasks of a JVM share the plan's instance, as on
 * Weir's runtime.
 */
public final class TriggerAdapter extends org.apache.flink.streaming.api.windowing.triggers.Trigger<Object, Window> {

    private static final long serialVersionUID = 1L;

    private final PlanRef ref;
    private final int nodeId;
    private final WindowKind kind;
    private final int purgingDepth;
    private final boolean canMerge;
    private transient Trigger<Object, dev.weir.api.windowing.windows.Window> trigger;
    private transient Context context;

    public TriggerAdapter(PlanRef ref, int nodeId, WindowKind kind, int purgingDepth, boolean canMerge) {
        this.ref = ref;
        this.nodeId = nodeId;
        this.kind = kind;
        this.purgingDepth = purgingDepth;
        this.canMerge = canMerge;
    }

    @SuppressWarnings("unchecked")
    private Trigger<Object, dev.weir.api.windowing.windows.Window> trigger(TriggerContext flink) {
        if (trigger == null) {
            Trigger<?, ?> found = WindowedNode.windowed(ref, nodeId).trigger();
            for (int i = 0; i < purgingDepth; i++) {
                found = ((PurgingTrigger<?, ?>) found).getNestedTrigger();
            }
            trigger = (Trigger<Object, dev.weir.api.windowing.windows.Window>) found;
            context = new Context(ref);
        }
        context.flink = flink;
        context.states.context = flink;
        return trigger;
    }

    @Override
    public TriggerResult onElement(Object element, long timestamp, Window window, TriggerContext ctx) throws Exception {
        return result(trigger(ctx).onElement(element, timestamp, kind.toWeir(window), context));
    }

    @Override
    public TriggerResult onProcessingTime(long time, Window window, TriggerContext ctx) throws Exception {
        return result(trigger(ctx).onProcessingTime(time, kind.toWeir(window), context));
    }

    @Override
    public TriggerResult onEventTime(long time, Window window, TriggerContext ctx) throws Exception {
        return result(trigger(ctx).onEventTime(time, kind.toWeir(window), context));
    }

    @Override
    public boolean canMerge() {
        return canMerge;
    }

    @Override
    public void onMerge(Window window, OnMergeContext ctx) throws Exception {
        trigger(ctx).onMerge(kind.toWeir(window), context);
    }

    @Override
    public void clear(Window window, TriggerContext ctx) throws Exception {
        trigger(ctx).clear(kind.toWeir(window), context);
    }

    private static TriggerResult result(dev.weir.api.windowing.triggers.TriggerResult weir) {
        return switch (weir) {
            case CONTINUE -> TriggerResult.CONTINUE;
            case FIRE -> TriggerResult.FIRE;
            case PURGE -> TriggerResult.PURGE;
            case FIRE_AND_PURGE -> TriggerResult.FIRE_AND_PURGE;
        };
    }

    @Override
    public String toString() {
        return "WeirTrigger(node " + nodeId + ")";
    }

    /** Weir's trigger context over Flink's (the merge context too: merging is asked for only in onMerge). */
    private static final class Context implements Trigger.OnMergeContext {
        private final PlanRef ref;
        private final TriggerStateStore states = new TriggerStateStore();
        private final WeirKeyedStateStore weirStates;
        private TriggerContext flink;

        Context(PlanRef ref) {
            this.ref = ref;
            this.weirStates = WeirKeyedStateStore.of(ref, states);
        }

        @Override
        public long getCurrentProcessingTime() {
            return flink.getCurrentProcessingTime();
        }

        @Override
        public long getCurrentWatermark() {
            return flink.getCurrentWatermark();
        }

        @Override
        public void registerProcessingTimeTimer(long time) {
            flink.registerProcessingTimeTimer(time);
        }

        @Override
        public void registerEventTimeTimer(long time) {
            flink.registerEventTimeTimer(time);
        }

        @Override
        public void deleteProcessingTimeTimer(long time) {
            flink.deleteProcessingTimeTimer(time);
        }

        @Override
        public void deleteEventTimeTimer(long time) {
            flink.deleteEventTimeTimer(time);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <S extends State> S getPartitionedState(StateDescriptor stateDescriptor) {
            return (S) StatesByDescriptor.state(weirStates, stateDescriptor);
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public void mergePartitionedState(StateDescriptor stateDescriptor) {
            if (!(flink instanceof OnMergeContext merging)) {
                throw new IllegalStateException("mergePartitionedState is for Trigger.onMerge only");
            }
            merging.mergePartitionedState((org.apache.flink.api.common.state.StateDescriptor)
                    StatesByDescriptor.flink(ref, stateDescriptor));
        }
    }
}
