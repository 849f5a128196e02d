package dev.weir.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.eventtime.Watermark;
import dev.weir.api.eventtime.WatermarkGenerator;
import dev.weir.api.eventtime.WatermarkOutput;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.windowing.ProcessWindowFunction;
import dev.weir.api.windowing.assigners.TumblingEventTimeWindows;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.windowing.windows.TimeWindow;
import dev.weir.connector.CollectSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A windowed job end to end: timestamps and watermarks from a generator, a keyed tumbling window with
 * an accumulator and a process window function, late records to a side output in one operator and
 * dropped and counted in another, checkpoints while windows are in flight. The output is compared
 * exactly with a reference the test computes on its own.
 */
class WindowJobTest {
    private static final int RECORDS = 3_000;
    private static final long BOUND = 100;

    public record Event(int key, long time, int value) {
    }

    /** Event i: five keys, time i * 7 ms with a jitter of ±30 ms, and every 97th event after the 500th 3 s late. */
    static List<Event> events() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            long time = i * 7L + (i * 37L) % 61 - 30;
            if (i > 500 && i % 97 == 0) {
                time -= 3_000;
            }
            events.add(new Event(i % 5, time, i));
        }
        return events;
    }

    /** A watermark after every event: the largest timestamp so far minus the bound, minus 1 (as bounded out-of-orderness). */
    static final class Punctuated implements WatermarkGenerator<Event> {
        private long max = Long.MIN_VALUE + BOUND + 1;

        @Override
        public void onEvent(Event event, long eventTimestamp, WatermarkOutput output) {
            max = Math.max(max, eventTimestamp);
            output.emitWatermark(new Watermark(max - BOUND - 1));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
        }
    }

    public static final class CountSum {
        public long count;
        public long sum;
    }

    public static final class CountAndSum implements AggregateFunction<Event, CountSum, String> {
        @Override
        public CountSum createAccumulator() {
            return new CountSum();
        }

        @Override
        public CountSum add(Event event, CountSum acc) {
            acc.count++;
            acc.sum += event.value();
            return acc;
        }

        @Override
        public String getResult(CountSum acc) {
            return acc.count + "/" + acc.sum;
        }

        @Override
        public CountSum merge(CountSum a, CountSum b) {
            a.count += b.count;
            a.sum += b.sum;
            return a;
        }
    }

    /** Counts the records of a window of all keys. */
    public static final class CountAll implements AggregateFunction<Event, Long, Long> {
        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(Event event, Long count) {
            return count + 1;
        }

        @Override
        public Long getResult(Long count) {
            return count;
        }

        @Override
        public Long merge(Long a, Long b) {
            return a + b;
        }
    }

    public static final class Describe extends ProcessWindowFunction<String, String, Integer, TimeWindow> {
        @Override
        public void process(Integer key, Context context, Iterable<String> values, Collector<String> out) {
            out.collect(key + " " + context.window().getStart() + " " + values.iterator().next());
        }
    }

    @Test
    void whenAWindowedJobRuns_thenEachWindowIsEmittedOnceExactlyAndEveryLateRecordIsAccountedFor(@TempDir Path checkpoints) {
        // the reference: replay the events with the watermark they are preceded by
        Map<String, long[]> windows = new TreeMap<>();
        List<Event> late = new ArrayList<>();
        long max = Long.MIN_VALUE + BOUND + 1;
        long watermark = Long.MIN_VALUE;
        for (Event event : events()) {
            long start = Math.floorDiv(event.time(), 1000) * 1000;
            if (start + 999 <= watermark) {
                late.add(event);
            } else {
                long[] countSum = windows.computeIfAbsent(event.key() + " " + start, k -> new long[2]);
                countSum[0]++;
                countSum[1] += event.value();
            }
            max = Math.max(max, event.time());
            watermark = Math.max(watermark, max - BOUND - 1);
        }
        List<String> expected = windows.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()[0] + "/" + e.getValue()[1]).sorted().toList();
        assertTrue(late.size() > 10, "the test has late records: " + late.size());
        Map<Long, Long> perWindow = new TreeMap<>();
        windows.forEach((keyAndStart, countSum) ->
                perWindow.merge(Long.parseLong(keyAndStart.split(" ")[1]), countSum[0], Long::sum));
        List<Long> expectedAllKeys = perWindow.values().stream().sorted().toList();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        env.enableCheckpointing(20);
        env.getCheckpointConfig().setDirectory(checkpoints.toString());
        OutputTag<Event> lateTag = new OutputTag<>("late") { };
        KeyedStream<Event, Integer> keyed = env.fromData(events(), TypeInformation.of(Event.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Event>forGenerator(context -> new Punctuated())
                        .withTimestampAssigner((event, previous) -> event.time()))
                .setParallelism(1) // chained to the source: one generator sees every event in order, as the reference
                .keyBy(Event::key, TypeInformation.of(Integer.class));
        SingleOutputStreamOperator<String> withSideOutput = keyed
                .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1))).sideOutputLateData(lateTag)
                .aggregate(new CountAndSum(), new Describe()).name("with-side-output");
        SingleOutputStreamOperator<String> dropping = keyed
                .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                .aggregate(new CountAndSum(), new Describe()).name("dropping");
        SingleOutputStreamOperator<Long> allKeys = keyed.windowAll(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                .aggregate(new CountAll(), TypeInformation.of(Long.class), TypeInformation.of(Long.class));
        CollectSink<Long> allKeysResults = new CollectSink<>();
        allKeys.sinkTo(allKeysResults);
        CollectSink<String> results = new CollectSink<>();
        CollectSink<String> droppingResults = new CollectSink<>();
        CollectSink<Event> lateRecords = new CollectSink<>();
        withSideOutput.sinkTo(results);
        dropping.sinkTo(droppingResults);
        withSideOutput.getSideOutput(lateTag).sinkTo(lateRecords);

        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(expected, results.results().stream().sorted().toList());
        assertEquals(expected, droppingResults.results().stream().sorted().toList());
        assertEquals(late.stream().map(Event::value).sorted().toList(),
                lateRecords.results().stream().map(Event::value).sorted().toList());
        assertEquals(RECORDS - late.size(), allKeysResults.results().stream().mapToLong(Long::longValue).sum());
        assertEquals(expectedAllKeys, allKeysResults.results().stream().sorted().toList());
        assertEquals(0, result.operator("with-side-output").lateRecordsDropped());
        assertEquals(late.size(), result.operator("dropping").lateRecordsDropped());
    }
}
