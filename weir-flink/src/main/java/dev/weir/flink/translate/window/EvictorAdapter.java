package dev.weir.flink.translate.window;

import dev.weir.api.windowing.evictors.Evictor;
import dev.weir.flink.translate.PlanRef;
import java.util.Iterator;
import org.apache.flink.streaming.api.windowing.windows.Window;
import org.apache.flink.streaming.runtime.operators.windowing.TimestampedValue;

/**
 * A Weir evictor run as a Flink evictor: holds only the plan reference and node id, and finds the Weir evictor in
 * the plan rebuilt in the TaskManager (evictors are immutable values: the subtasks of a JVM share it). The evictor
 * sees the window's records as Weir {@code TimestampedValue}s over Flink's and removes them through the iterator,
 * which removes Flink's.
 */
public final class EvictorAdapter implements org.apache.flink.streaming.api.windowing.evictors.Evictor<Object, Window> {

    private static final long serialVersionUID = 1L;

    private final PlanRef ref;
    private final int nodeId;
    private final WindowKind kind;
    private transient Evictor<Object, dev.weir.api.windowing.windows.Window> evictor;
    private transient Clocks clocks;

    public EvictorAdapter(PlanRef ref, int nodeId, WindowKind kind) {
        this.ref = ref;
        this.nodeId = nodeId;
        this.kind = kind;
    }

    @SuppressWarnings("unchecked")
    private Evictor<Object, dev.weir.api.windowing.windows.Window> evictor(EvictorContext context) {
        if (evictor == null) {
            evictor = (Evictor<Object, dev.weir.api.windowing.windows.Window>) WindowedNode.windowed(ref, nodeId).evictor();
            clocks = new Clocks();
        }
        clocks.flink = context;
        return evictor;
    }

    @Override
    public void evictBefore(Iterable<TimestampedValue<Object>> elements, int size, Window window, EvictorContext context) {
        evictor(context).evictBefore(() -> new WeirValues(elements.iterator()), size, kind.toWeir(window), clocks);
    }

    @Override
    public void evictAfter(Iterable<TimestampedValue<Object>> elements, int size, Window window, EvictorContext context) {
        evictor(context).evictAfter(() -> new WeirValues(elements.iterator()), size, kind.toWeir(window), clocks);
    }

    @Override
    public String toString() {
        return "WeirEvictor(node " + nodeId + ")";
    }

    /** Flink's records of a window as Weir's; {@code remove} removes Flink's. */
    private static final class WeirValues implements Iterator<dev.weir.api.windowing.evictors.TimestampedValue<Object>> {
        private final Iterator<TimestampedValue<Object>> flink;

        WeirValues(Iterator<TimestampedValue<Object>> flink) {
            this.flink = flink;
        }

        @Override
        public boolean hasNext() {
            return flink.hasNext();
        }

        @Override
        public dev.weir.api.windowing.evictors.TimestampedValue<Object> next() {
            TimestampedValue<Object> value = flink.next();
            return value.hasTimestamp() ? new ReadOnlyValue(value.getValue(), value.getTimestamp())
                    : new ReadOnlyValue(value.getValue());
        }

        @Override
        public void remove() {
            flink.remove();
        }
    }

    /** A Weir timestamped value whose record cannot be replaced: Flink's evictors cannot replace records. */
    private static final class ReadOnlyValue extends dev.weir.api.windowing.evictors.TimestampedValue<Object> {
        ReadOnlyValue(Object value) {
            super(value);
        }

        ReadOnlyValue(Object value, long timestamp) {
            super(value, timestamp);
        }

        @Override
        public void setValue(Object value) {
            throw new UnsupportedOperationException("an evictor cannot replace a window's record on the Flink runner "
                    + "(Flink's evictors only remove records); remove it, or run the job on Weir's runtime");
        }
    }

    /** Weir's evictor context over Flink's. */
    private static final class Clocks implements Evictor.EvictorContext {
        private EvictorContext flink;

        @Override
        public long getCurrentProcessingTime() {
            return flink.getCurrentProcessingTime();
        }

        @Override
        public long getCurrentWatermark() {
            return flink.getCurrentWatermark();
        }
    }
}
