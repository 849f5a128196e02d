package dev.weir.flink.window;

import dev.weir.api.Collector;
import dev.weir.api.DataStream;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.functions.windowing.ProcessWindowFunction;
import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.api.windowing.assigners.WindowAssigner;
import dev.weir.api.windowing.evictors.Evictor;
import dev.weir.api.windowing.evictors.TimestampedValue;
import dev.weir.api.windowing.triggers.EventTimeTrigger;
import dev.weir.api.windowing.triggers.PurgingTrigger;
import dev.weir.api.windowing.triggers.Trigger;
import dev.weir.api.windowing.triggers.TriggerResult;
import dev.weir.api.windowing.windows.TimeWindow;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * Windowing of the user's own: an assigner (windows of 15 ms starting at odd multiples of 5), a trigger firing
 * every third record of a window and at its end (its count in partitioned state, the end timer Weir's), wrapped in
 * a purging trigger, and an evictor dropping the smallest value when a window fires. Argument: the run id.
 */
public final class CustomWindowingProgram {

    private CustomWindowingProgram() {
    }

    public static void main(String[] args) {
        String runId = args[0];
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        DataStream<Event> events = env.fromData(WindowsProgram.events()).setParallelism(1)
                .assignTimestampsAndWatermarks(Event.watermarks(50)).setParallelism(1);
        events.keyBy(Event::key)
                .window(new OddFifteens())
                .trigger(PurgingTrigger.of(new EveryThirdOrAtEnd()))
                .evictor(new DropSmallest())
                .process(new ProcessWindowFunction<Event, String, String, TimeWindow>() {
                    @Override
                    public void process(String key, Context context, Iterable<Event> elements, Collector<String> out) {
                        long sum = 0;
                        long count = 0;
                        for (Event e : elements) {
                            sum += e.value();
                            count++;
                        }
                        out.collect("custom " + key + " " + context.window().getStart() + " count " + count + " sum "
                                + sum);
                    }
                }).uid("custom")
                .sinkTo(Results.sink(runId)).name("results");
        env.execute("custom-windowing");
    }

    /** Windows of 15 ms starting at 5, 20, 35, ... */
    static final class OddFifteens extends WindowAssigner<Object, TimeWindow> {
        @Override
        public Collection<TimeWindow> assignWindows(Object element, long timestamp, WindowAssignerContext context) {
            long start = TimeWindow.getWindowStartWithOffset(timestamp, 5, 15);
            return List.of(new TimeWindow(start, start + 15));
        }

        @Override
        public Trigger<Object, TimeWindow> getDefaultTrigger() {
            return EventTimeTrigger.create();
        }

        @Override
        public TypeSerializer<TimeWindow> getWindowSerializer() {
            return TimeWindow.Serializer.INSTANCE;
        }

        @Override
        public boolean isEventTime() {
            return true;
        }
    }

    /** Fires every third record of a window (a count in partitioned state) and when the watermark passes its end. */
    static final class EveryThirdOrAtEnd extends Trigger<Object, TimeWindow> {
        private final ValueStateDescriptor<Long> count = new ValueStateDescriptor<>("count", Long.class);

        @Override
        public TriggerResult onElement(Object element, long timestamp, TimeWindow window, TriggerContext ctx)
                throws Exception {
            ctx.registerEventTimeTimer(window.maxTimestamp());
            ValueState<Long> seen = ctx.getPartitionedState(count);
            long now = seen.value() == null ? 1 : seen.value() + 1;
            seen.update(now);
            return now % 3 == 0 ? TriggerResult.FIRE : TriggerResult.CONTINUE;
        }

        @Override
        public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) {
            return TriggerResult.CONTINUE;
        }

        @Override
        public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) {
            return time == window.maxTimestamp() ? TriggerResult.FIRE : TriggerResult.CONTINUE;
        }

        @Override
        public void clear(TimeWindow window, TriggerContext ctx) {
            ctx.deleteEventTimeTimer(window.maxTimestamp());
            ctx.getPartitionedState(count).clear();
        }
    }

    /** Removes the record with the smallest value before the window function runs. */
    static final class DropSmallest implements Evictor<Event, TimeWindow> {
        @Override
        public void evictBefore(Iterable<TimestampedValue<Event>> elements, int size, TimeWindow window,
                                EvictorContext ctx) {
            long smallest = Long.MAX_VALUE;
            for (TimestampedValue<Event> e : elements) {
                smallest = Math.min(smallest, e.getValue().value());
            }
            for (Iterator<TimestampedValue<Event>> it = elements.iterator(); it.hasNext(); ) {
                if (it.next().getValue().value() == smallest) {
                    it.remove();
                    return;
                }
            }
        }

        @Override
        public void evictAfter(Iterable<TimestampedValue<Event>> elements, int size, TimeWindow window,
                               EvictorContext ctx) {
        }
    }
}
