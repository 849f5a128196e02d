package dev.weir.flink.window;

import dev.weir.api.Collector;
import dev.weir.api.DataStream;
import dev.weir.api.OutputTag;
import dev.weir.api.SingleOutputStreamOperator;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.functions.windowing.ProcessWindowFunction;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.api.windowing.assigners.TumblingEventTimeWindows;
import dev.weir.api.windowing.windows.TimeWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tumbling event-time windows with an allowed lateness and a late-data side output: records late within the
 * lateness fire their window again (the process window function counts its firings in window state), records later
 * than that go to the side output. Argument: the run id.
 */
public final class LatenessProgram {

    static final OutputTag<Event> TOO_LATE = new OutputTag<>("too-late", Event.class);

    private LatenessProgram() {
    }

    static List<Event> events() {
        List<Event> events = new ArrayList<>();
        long[] times = {1, 3, 12, 5, 14, 25, 8, 27, 2, 31, 19, 45, 9, 33, 47, 60, 38, 61, 49, 75};
        for (int i = 0; i < times.length; i++) {
            events.add(new Event("k" + (i % 2), times[i], i));
        }
        return events;
    }

    public static void main(String[] args) {
        String runId = args[0];
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        DataStream<Event> events = env.fromData(events()).setParallelism(1)
                .assignTimestampsAndWatermarks(Event.watermarks(0)).setParallelism(1);
        SingleOutputStreamOperator<String> windows = events.keyBy(Event::key)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(10)))
                .allowedLateness(Duration.ofMillis(10))
                .sideOutputLateData(TOO_LATE)
                .reduce((a, b) -> new Event(a.key(), Math.max(a.time(), b.time()), a.value() + b.value()),
                        new CountFirings())
                .uid("late-windows");
        DataStream<String> tooLate = windows.getSideOutput(TOO_LATE).map(e -> "too late " + e);
        windows.union(tooLate).sinkTo(Results.sink(runId)).name("results");
        env.execute("lateness");
    }

    /** Emits the window's sum and how often it fired (window state), and the global firings of the key. */
    static final class CountFirings extends ProcessWindowFunction<Event, String, String, TimeWindow> {
        // distinct names: on Flink (as in Flink itself) one name in windowState() and globalState() is one state
        private final ValueStateDescriptor<Long> firings = new ValueStateDescriptor<>("firings", Long.class);
        private final ValueStateDescriptor<Long> keyFirings = new ValueStateDescriptor<>("key-firings", Long.class);

        @Override
        public void process(String key, Context context, Iterable<Event> elements, Collector<String> out)
                throws Exception {
            ValueState<Long> inWindow = context.windowState().getState(firings);
            ValueState<Long> inKey = context.globalState().getState(keyFirings);
            long windowFirings = inWindow.value() == null ? 1 : inWindow.value() + 1;
            long keyFirings = inKey.value() == null ? 1 : inKey.value() + 1;
            inWindow.update(windowFirings);
            inKey.update(keyFirings);
            out.collect("window " + key + " " + context.window().getStart() + " sum "
                    + elements.iterator().next().value() + " firing " + windowFirings + " of key " + keyFirings);
        }

        @Override
        public void clear(Context context) {
            context.windowState().getState(firings).clear();
        }
    }
}
