package dev.weir.flink.window;

import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.windowing.assigners.WindowAssigner;
import dev.weir.api.windowing.triggers.Trigger;
import dev.weir.api.windowing.triggers.TriggerResult;
import dev.weir.api.windowing.windows.Window;
import java.io.DataInput;
import java.io.DataOutput;
import java.util.Collection;
import java.util.List;

/** A window operator whose windows are of a class of the user's own, which the Flink runner cannot translate. */
public final class OwnWindowClassProgram {

    private OwnWindowClassProgram() {
    }

    public static void main(String[] args) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
        env.fromData(1L, 2L, 3L).keyBy(v -> v % 2).window(new ParityWindows())
                .reduce(Long::sum).name("parity").uid("parity-windows")
                .map(String::valueOf).sinkTo(Results.sink(args[0]));
        env.execute("own-window-class");
    }

    /** The one window of a parity. */
    static final class Parity extends Window {
        @Override
        public long maxTimestamp() {
            return Long.MAX_VALUE;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Parity;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    /** Puts every record into a {@link Parity} window that never fires. */
    static final class ParityWindows extends WindowAssigner<Object, Parity> {
        @Override
        public Collection<Parity> assignWindows(Object element, long timestamp, WindowAssignerContext context) {
            return List.of(new Parity());
        }

        @Override
        public Trigger<Object, Parity> getDefaultTrigger() {
            return new Trigger<>() {
                @Override
                public TriggerResult onElement(Object element, long timestamp, Parity window, TriggerContext ctx) {
                    return TriggerResult.CONTINUE;
                }

                @Override
                public TriggerResult onProcessingTime(long time, Parity window, TriggerContext ctx) {
                    return TriggerResult.CONTINUE;
                }

                @Override
                public TriggerResult onEventTime(long time, Parity window, TriggerContext ctx) {
                    return TriggerResult.CONTINUE;
                }

                @Override
                public void clear(Parity window, TriggerContext ctx) {
                }
            };
        }

        @Override
        public TypeSerializer<Parity> getWindowSerializer() {
            return new TypeSerializer<>() {
                @Override
                public void serialize(Parity value, DataOutput out) {
                }

                @Override
                public Parity deserialize(DataInput in) {
                    return new Parity();
                }
            };
        }

        @Override
        public boolean isEventTime() {
            return false;
        }
    }
}
