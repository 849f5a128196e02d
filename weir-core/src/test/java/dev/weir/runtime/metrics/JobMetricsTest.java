package dev.weir.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.KeyedStream;
import dev.weir.api.RestartStrategy;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.Sink;
import dev.weir.api.eventtime.Watermark;
import dev.weir.api.eventtime.WatermarkGenerator;
import dev.weir.api.eventtime.WatermarkOutput;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.functions.RichMapFunction;
import dev.weir.api.metrics.Counter;
import dev.weir.api.metrics.Gauge;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.windowing.assigners.TumblingEventTimeWindows;
import dev.weir.connector.CollectSink;
import dev.weir.connector.DiscardingSink;
import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.runtime.JobExecution;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics of real jobs: counts equal to the records processed, late records, watermarks and
 * checkpoints counted, the busy / idle / back-pressured split of a job with a slow sink while it
 * runs, Prometheus text with its tags, and no duplicated meters after a restart.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JobMetricsTest {
    private static final int RECORDS = 4_000;
    private static final long BOUND = 100;

    public record Event(int key, long time) {
    }

    /** Event i: four keys, 5 ms apart in event time, and every 50th after the 1000th 5 s late. */
    static List<Event> events() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            long time = i * 5L;
            if (i > 1_000 && i % 50 == 0) {
                time -= 5_000;
            }
            events.add(new Event(i % 4, time));
        }
        return events;
    }

    /** A watermark after every event (bounded out-of-orderness, punctuated so the late ones are known). */
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

    public static final class Count implements AggregateFunction<Event, Long, Long> {
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

    @Test
    void whenAWindowedJobEnds_thenItsCountsLateRecordsWatermarksAndCheckpointsAreThoseProcessed(@TempDir Path dir)
            throws Exception {
        long late = 0;
        Set<String> windows = new HashSet<>();
        long max = Long.MIN_VALUE + BOUND + 1;
        long watermark = Long.MIN_VALUE;
        for (Event event : events()) {
            long start = Math.floorDiv(event.time(), 1000) * 1000;
            if (start + 999 <= watermark) {
                late++;
            } else {
                windows.add(event.key() + " " + start);
            }
            max = Math.max(max, event.time());
            watermark = Math.max(watermark, max - BOUND - 1);
        }
        assertTrue(late > 10, "the test has late records: " + late);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
                .setJobName("metrics-windows");
        env.enableCheckpointing(20);
        env.getCheckpointConfig().setDirectory(dir.toString());
        KeyedStream<Event, Integer> keyed = env.fromData(events(), TypeInformation.of(Event.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Event>forGenerator(context -> new Punctuated())
                        .withTimestampAssigner((event, previous) -> event.time()))
                .name("timestamps").setParallelism(1)
                .keyBy(Event::key, TypeInformation.of(Integer.class));
        CollectSink<Long> results = new CollectSink<>();
        keyed.window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                .aggregate(new Count(), TypeInformation.of(Long.class), TypeInformation.of(Long.class))
                .name("window").uid("window-uid")
                .sinkTo(results).name("collect");

        JobExecution job = (JobExecution) env.executeAsync();
        JobExecutionResult result = job.awaitResult();
        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        JobMetrics metrics = job.metrics();
        List<OperatorMetrics> operators = metrics.operators();

        List<OperatorMetrics> window = named(operators, "window");
        assertEquals(2, window.size(), "one per subtask: " + operators);
        assertEquals(Set.of(0, 1), Set.copyOf(window.stream().map(OperatorMetrics::subtask).toList()));
        assertEquals("window-uid", window.get(0).operatorUid());
        assertEquals(RECORDS, sum(window, OperatorMetrics::numRecordsIn));
        assertEquals(windows.size(), sum(window, OperatorMetrics::numRecordsOut));
        assertEquals(late, sum(window, OperatorMetrics::numLateRecordsDropped));
        assertEquals(windows.size(), results.results().size());
        assertEquals(windows.size(), sum(named(operators, "collect"), OperatorMetrics::numRecordsIn));
        assertEquals(RECORDS, sum(named(operators, "timestamps"), OperatorMetrics::numRecordsOut));
        for (OperatorMetrics w : window) {
            // The last event's watermark at least (the end of input then advances it to the end of time).
            assertTrue(w.currentInputWatermark() >= (RECORDS - 1) * 5L - BOUND - 1, w.toString());
            assertTrue(w.currentOutputWatermark() >= w.currentInputWatermark(), w.toString());
        }
        OperatorMetrics timestamps = named(operators, "timestamps").get(0);
        assertTrue(timestamps.currentOutputWatermark() >= (RECORDS - 1) * 5L - BOUND - 1, timestamps.toString());

        JobLevelMetrics jobLevel = metrics.job();
        assertEquals(result.completedCheckpoints().size(), jobLevel.numberOfCompletedCheckpoints());
        assertTrue(jobLevel.numberOfCompletedCheckpoints() >= 1, jobLevel.toString());
        assertTrue(jobLevel.lastCheckpointDuration() >= 0 && jobLevel.lastCheckpointSize() > 0, jobLevel.toString());
        assertTrue(jobLevel.lastCheckpointAlignmentMs() >= 0, jobLevel.toString());
        assertEquals(0, jobLevel.numRestarts());
        long uptime = jobLevel.uptime();
        Thread.sleep(20);
        assertEquals(uptime, metrics.job().uptime(), "uptime stops when the job ends");

        String text = metrics.scrapePrometheus();
        assertPrometheusText(text);
        assertEquals(RECORDS, (long) value(text, "weir_operator_numRecordsIn_total",
                "job=\"metrics-windows\",operator=\"window\",operator_uid=\"window-uid\",subtask=\"0\"")
                + (long) value(text, "weir_operator_numRecordsIn_total",
                "job=\"metrics-windows\",operator=\"window\",operator_uid=\"window-uid\",subtask=\"1\""));
        assertEquals(jobLevel.numberOfCompletedCheckpoints(),
                (long) value(text, "weir_job_numberOfCompletedCheckpoints", "job=\"metrics-windows\""));
        for (String name : List.of("numRecordsOut_total", "numRecordsInPerSecond", "numRecordsOutPerSecond",
                "busyTimeMsPerSecond", "idleTimeMsPerSecond", "backPressuredTimeMsPerSecond", "currentInputWatermark",
                "currentOutputWatermark", "numLateRecordsDropped_total")) {
            assertTrue(text.contains("weir_operator_" + name + "{"), name + " missing from\n" + text);
        }
        for (String name : List.of("numberOfFailedCheckpoints", "lastCheckpointDuration", "lastCheckpointSize",
                "lastCheckpointAlignmentMs", "numRestarts", "uptime")) {
            assertTrue(text.contains("weir_job_" + name + "{job=\"metrics-windows\"}"), name + " missing");
        }
    }

    /** Sleeps now and then: the source's channels fill up and it waits for space. */
    static final class SlowSink implements Sink<Long> {
        private long written;

        @Override
        public void write(Long value) throws InterruptedException {
            if (++written % 20 == 0) {
                Thread.sleep(1);
            }
        }
    }

    @Test
    void whileAJobRunsIntoASlowSink_thenTheSourceIsBackPressuredAndEveryTaskSplitsItsSecondsWithin1000Ms()
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
                .setJobName("metrics-backpressure");
        env.fromSource(new DataGeneratorSource<>(seq -> seq, Long.MAX_VALUE),
                        WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((seq, previous) -> seq),
                        "numbers")
                .rebalance()
                .sinkTo(new SlowSink()).name("slow");
        JobExecution job = (JobExecution) env.executeAsync();
        try {
            Thread.sleep(2_500); // two samples a second apart at least, the window mostly filled
            List<OperatorMetrics> first = job.metrics().operators();
            Thread.sleep(1_200);
            List<OperatorMetrics> second = job.metrics().operators();

            for (OperatorMetrics m : second) {
                double sum = m.busyTimeMsPerSecond() + m.idleTimeMsPerSecond() + m.backPressuredTimeMsPerSecond();
                assertTrue(sum <= 1000.0 + 1e-6, "busy + idle + back-pressured of " + m);
                assertTrue(m.busyTimeMsPerSecond() >= 0 && m.idleTimeMsPerSecond() >= 0
                        && m.backPressuredTimeMsPerSecond() >= 0, m.toString());
            }
            for (OperatorMetrics source : named(second, "numbers")) {
                assertTrue(source.backPressuredTimeMsPerSecond() > 100, "the source waits for the slow sink: " + source);
                assertTrue(source.numRecordsOutPerSecond() > 0, source.toString());
            }
            for (OperatorMetrics sink : named(second, "slow")) {
                assertTrue(sink.busyTimeMsPerSecond() > 0, sink.toString());
                assertTrue(sink.numRecordsInPerSecond() > 0, sink.toString());
                OperatorMetrics before = named(first, "slow").stream()
                        .filter(m -> m.subtask() == sink.subtask()).findFirst().orElseThrow();
                assertTrue(sink.numRecordsIn() > before.numRecordsIn(), before + " then " + sink);
                assertTrue(sink.currentInputWatermark() > before.currentInputWatermark()
                        && before.currentInputWatermark() > Long.MIN_VALUE, "the watermark advances: " + before
                        + " then " + sink);
            }
            String text = job.metrics().scrapePrometheus();
            java.nio.file.Files.writeString(java.nio.file.Path.of("target/scrape.txt"), text + second);
            assertPrometheusText(text);
            assertTrue(value(text, "weir_operator_backPressuredTimeMsPerSecond",
                    "job=\"metrics-backpressure\",operator=\"numbers\",operator_uid=\"" + named(second, "numbers")
                            .get(0).operatorUid() + "\",subtask=\"0\"") > 0, text);
        } finally {
            job.cancel();
            job.awaitResult();
        }
    }

    private static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();

    @Test
    void whenTheJobRestarts_thenItsMetersAreReplacedNotDuplicatedAndTheRestartIsCounted() throws Exception {
        FAILED_ONCE.set(false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
                .setJobName("metrics-restart").setRestartStrategy(RestartStrategy.fixedDelay(1, Duration.ofMillis(10)));
        env.fromSource(new DataGeneratorSource<>(seq -> seq, 5_000), WatermarkStrategy.noWatermarks(), "numbers")
                .map(seq -> {
                    if (seq == 1_000 && FAILED_ONCE.compareAndSet(false, true)) {
                        throw new IllegalStateException("fails once");
                    }
                    return seq;
                }).name("fail-once")
                .sinkTo(new DiscardingSink<>()).name("discard");

        JobExecution job = (JobExecution) env.executeAsync();
        int metersOfFirstRun = job.metrics().registry().getMeters().size();
        JobExecutionResult result = job.awaitResult();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(1, result.restarts());
        assertEquals(metersOfFirstRun, job.metrics().registry().getMeters().size());
        assertEquals(6, job.metrics().operators().size(), "three operators, two subtasks each, of the last run");
        assertEquals(1, job.metrics().job().numRestarts());
        String text = job.metrics().scrapePrometheus();
        assertPrometheusText(text);
        Matcher lines = Pattern.compile("(?m)^weir_operator_numRecordsIn_total\\{[^}]*operator=\"fail-once\"[^}]*subtask=\"0\"")
                .matcher(text);
        int count = 0;
        while (lines.find()) {
            count++;
        }
        assertEquals(1, count, text);
        assertEquals(1.0, value(text, "weir_job_numRestarts", "job=\"metrics-restart\""));
        // Counts start again in the restarted run (as Flink's): the last run's sink counted what it got.
        assertTrue(sum(named(job.metrics().operators(), "discard"), OperatorMetrics::numRecordsIn) <= 5_000);
    }

    /** Counts the even numbers in a counter of its own and shows the last number in a gauge, as a Flink function would. */
    public static final class CountsEven extends RichMapFunction<Long, Long> {
        private transient Counter even;
        private transient volatile long last;

        @Override
        public void open(OpenContext openContext) {
            even = getRuntimeContext().getMetricGroup().counter("evenNumbers");
            getRuntimeContext().getMetricGroup().gauge("lastNumber", (Gauge<Long>) () -> last);
        }

        @Override
        public Long map(Long value) {
            if (value % 2 == 0) {
                even.inc();
            }
            last = value;
            return value;
        }
    }

    @Test
    void whenAFunctionRegistersACounterAndAGauge_thenTheyAreExportedWithTheOperatorsTags() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
                .setJobName("metrics-user");
        env.fromSource(new DataGeneratorSource<>(seq -> seq, 10_000), WatermarkStrategy.noWatermarks(), "numbers")
                .map(new CountsEven()).name("evens").uid("evens-uid")
                .sinkTo(new DiscardingSink<>()).name("discard");
        JobExecution job = (JobExecution) env.executeAsync();
        JobExecutionResult result = job.awaitResult();
        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));

        String text = job.metrics().scrapePrometheus();
        assertPrometheusText(text);
        String tags0 = "job=\"metrics-user\",operator=\"evens\",operator_uid=\"evens-uid\",subtask=\"0\"";
        String tags1 = tags0.replace("subtask=\"0\"", "subtask=\"1\"");
        assertEquals(5_000.0, value(text, "weir_operator_evenNumbers_total", tags0)
                + value(text, "weir_operator_evenNumbers_total", tags1));
        assertTrue(Math.max(value(text, "weir_operator_lastNumber", tags0), value(text, "weir_operator_lastNumber", tags1))
                == 9_999.0, text);
    }

    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\",?)*})? -?[0-9.eE+\\-]+|"
                    + "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*})? (NaN|\\+Inf|-Inf)");

    /** Every line a comment (# HELP / # TYPE) or a sample: name, labels, value. */
    private static void assertPrometheusText(String text) {
        assertFalse(text.isBlank());
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                continue;
            }
            assertTrue(SAMPLE.matcher(line).matches(), "not a Prometheus sample line: " + line);
        }
    }

    /** The value of the sample {@code name{labels}}; fails when it is not there. */
    private static double value(String text, String name, String labels) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{" + labels + "} ")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError(name + "{" + labels + "} not in\n" + text);
    }

    private static List<OperatorMetrics> named(List<OperatorMetrics> all, String name) {
        return all.stream().filter(m -> m.name().equals(name)).toList();
    }

    private static long sum(List<OperatorMetrics> all, java.util.function.ToLongFunction<OperatorMetrics> value) {
        return all.stream().mapToLong(value).sum();
    }
}
