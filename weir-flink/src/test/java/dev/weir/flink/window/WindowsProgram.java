package dev.weir.flink.window;

import dev.weir.api.Collector;
import dev.weir.api.DataStream;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.windowing.ProcessAllWindowFunction;
import dev.weir.api.functions.windowing.ProcessWindowFunction;
import dev.weir.api.functions.windowing.WindowFunction;
import dev.weir.api.windowing.assigners.EventTimeSessionWindows;
import dev.weir.api.windowing.assigners.SlidingEventTimeWindows;
import dev.weir.api.windowing.assigners.TumblingEventTimeWindows;
import dev.weir.api.windowing.triggers.ContinuousEventTimeTrigger;
import dev.weir.api.windowing.windows.GlobalWindow;
import dev.weir.api.windowing.windows.TimeWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Event-time windows of several kinds over one stream of keyed events (none late), each writing lines to the run's
 * results: tumbling with an aggregate and a process window function, sliding with an aggregate alone, sessions
 * (fixed and dynamic gap) with a process window function and with a reduce and a window function, windowAll with a
 * process all-window function, a sliding count window (count trigger and evictor on global windows), and tumbling
 * windows fired early by a continuous event-time trigger.
 * Argument: the run id.
 */
public final class WindowsProgram {

    private WindowsProgram() {
    }

    static List<Event> events() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            long time = i * 2L + (i % 5 == 0 ? -3 : 0) + (i >= 45 ? 20 : 0); // out of order a little; a gap at 45
            events.add(new Event("k" + (i % 3), time, i));
        }
        return events;
    }

    public static void main(String[] args) {
        String runId = args[0];
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        DataStream<Event> events = env.fromData(events()).setParallelism(1)
                .assignTimestampsAndWatermarks(Event.watermarks(50)).setParallelism(1);

        DataStream<String> tumbling = events.keyBy(Event::key)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(10)))
                .aggregate(new CountAndSum(), new Describe("tumbling")).uid("tumbling");
        DataStream<String> sliding = events.keyBy(Event::key)
                .window(SlidingEventTimeWindows.of(Duration.ofMillis(20), Duration.ofMillis(10)))
                .aggregate(new CountAndSumLine()).uid("sliding");
        DataStream<String> sessions = events.keyBy(Event::key)
                .window(EventTimeSessionWindows.withGap(Duration.ofMillis(7)))
                .process(new ListSession()).uid("sessions");
        DataStream<String> dynamicSessions = events.keyBy(Event::key)
                .window(EventTimeSessionWindows.<Event>withDynamicGap(e -> e.value() % 2 == 0 ? 4 : 8))
                .reduce((a, b) -> new Event(a.key(), Math.max(a.time(), b.time()), a.value() + b.value()),
                        (WindowFunction<Event, String, String, TimeWindow>) (key, window, values, out) -> {
                            for (Event e : values) {
                                out.collect("dynamic-session " + key + " " + window.getStart() + "-" + window.getEnd()
                                        + " sum " + e.value());
                            }
                        }).uid("dynamic-sessions");
        DataStream<String> all = events.windowAll(TumblingEventTimeWindows.of(Duration.ofMillis(20)))
                .process(new CountAll()).uid("all");
        DataStream<String> counted = events.keyBy(Event::key).countWindow(4, 3)
                .process(new ProcessWindowFunction<Event, String, String, GlobalWindow>() {
                    @Override
                    public void process(String key, Context context, Iterable<Event> elements, Collector<String> out) {
                        StringBuilder line = new StringBuilder("count-window " + key);
                        for (Event e : elements) {
                            line.append(' ').append(e.value());
                        }
                        out.collect(line.toString());
                    }
                }).uid("count-window");

        DataStream<String> early = events.keyBy(Event::key)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(40)))
                .trigger(ContinuousEventTimeTrigger.of(Duration.ofMillis(10)))
                .aggregate(new CountAndSum(), new Describe("early")).uid("early");

        tumbling.union(sliding, sessions, dynamicSessions, all, counted, early).sinkTo(Results.sink(runId)).name("results");
        env.execute("windows");
    }

    /** Count and sum of the values; the accumulator is {count, sum}. */
    static final class CountAndSum implements AggregateFunction<Event, long[], long[]> {
        @Override
        public long[] createAccumulator() {
            return new long[2];
        }

        @Override
        public long[] add(Event value, long[] accumulator) {
            accumulator[0]++;
            accumulator[1] += value.value();
            return accumulator;
        }

        @Override
        public long[] getResult(long[] accumulator) {
            return accumulator;
        }

        @Override
        public long[] merge(long[] a, long[] b) {
            return new long[] {a[0] + b[0], a[1] + b[1]};
        }
    }

    /** What the sliding windows keep: the key, count, sum and first time. */
    public record Acc(String key, long count, long sum, long first) {
    }

    /** Count and sum as a line with the key (kept in the accumulator). */
    static final class CountAndSumLine implements AggregateFunction<Event, Acc, String> {
        @Override
        public Acc createAccumulator() {
            return new Acc("", 0, 0, Long.MAX_VALUE);
        }

        @Override
        public Acc add(Event value, Acc acc) {
            return new Acc(value.key(), acc.count() + 1, acc.sum() + value.value(), Math.min(acc.first(), value.time()));
        }

        @Override
        public String getResult(Acc acc) {
            return "sliding " + acc.key() + " count " + acc.count() + " sum " + acc.sum() + " first " + acc.first();
        }

        @Override
        public Acc merge(Acc a, Acc b) {
            throw new UnsupportedOperationException("not a merging window");
        }
    }

    /** Names the window with the pre-aggregated count and sum. */
    static final class Describe extends ProcessWindowFunction<long[], String, String, TimeWindow> {
        private final String what;

        Describe(String what) {
            this.what = what;
        }

        @Override
        public void process(String key, Context context, Iterable<long[]> elements, Collector<String> out) {
            long[] countSum = elements.iterator().next();
            out.collect(what + " " + key + " " + context.window().getStart() + "-" + context.window().getEnd()
                    + " count " + countSum[0] + " sum " + countSum[1] + " watermark>=end-1 "
                    + (context.currentWatermark() >= context.window().maxTimestamp()));
        }
    }

    /** Lists a session's values in time order. */
    static final class ListSession extends ProcessWindowFunction<Event, String, String, TimeWindow> {
        @Override
        public void process(String key, Context context, Iterable<Event> elements, Collector<String> out) {
            List<Event> sorted = new ArrayList<>();
            elements.forEach(sorted::add);
            sorted.sort((a, b) -> Long.compare(a.value(), b.value()));
            StringBuilder line = new StringBuilder("session " + key + " " + context.window().getStart() + "-"
                    + context.window().getEnd());
            for (Event e : sorted) {
                line.append(' ').append(e.value());
            }
            out.collect(line.toString());
        }
    }

    /** Counts the records of each window of all keys. */
    static final class CountAll extends ProcessAllWindowFunction<Event, String, TimeWindow> {
        @Override
        public void process(Context context, Iterable<Event> elements, Collector<String> out) {
            long count = 0;
            for (Event ignored : elements) {
                count++;
            }
            out.collect("all " + context.window().getStart() + "-" + context.window().getEnd() + " count " + count);
        }
    }
}
