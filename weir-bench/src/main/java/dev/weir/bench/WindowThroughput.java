package dev.weir.bench;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.windowing.assigners.EventTimeSessionWindows;
import dev.weir.api.windowing.assigners.SlidingEventTimeWindows;
import dev.weir.api.windowing.assigners.TumblingEventTimeWindows;
import dev.weir.api.windowing.assigners.WindowAssigner;
import dev.weir.api.windowing.windows.TimeWindow;
import dev.weir.connector.DiscardingSink;
import dev.weir.examples.JobOptions;
import dev.weir.examples.StateBackendOption;
import java.time.Duration;
import java.util.Locale;

/**
 * A profiling driver for the window operator: runs one window workload in-process at a fixed size and prints
 * {@code throughput_rps=} (and the process's CPU time, {@code records_per_cpu_s=}, steadier on a shared machine). Events: {@code key = seq % keys}, event time {@code seq / (keys / 1000)} ms plus up to
 * 50 ms of jitter (about one record per key per second of event time), 100 ms bounded disorder; an incremental
 * {@link AggregateFunction} (count and sum), as users write it. No checkpoints unless asked for.
 *
 * <pre>{@code
 * java -cp weir-bench/target/weir-bench-*.jar dev.weir.bench.WindowThroughput tumbling --records 5000000 --state heap
 * }</pre>
 */
public final class WindowThroughput {

    /** A keyed event with its event time. */
    public record Event(long key, long time, long value) {
    }

    /** Count and sum per window, the accumulator changed in place (as Flink's users write it). */
    public static final class CountAndSum implements AggregateFunction<Event, long[], long[]> {
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
            a[0] += b[0];
            a[1] += b[1];
            return a;
        }
    }

    public static void main(String[] args) throws Exception {
        String workload = args[0];
        JobOptions options = JobOptions.parse(java.util.Arrays.copyOfRange(args, 1, args.length));
        long records = options.getLong("records", 5_000_000L);
        long keys = options.getLong("keys", 100_000L);
        int parallelism = options.getInt("parallelism", 1);
        long checkpointIntervalMs = options.getLong("checkpoint-interval-ms", 0);
        String state = options.getString("state", "heap");
        options.rejectUnknown();
        WindowAssigner<Object, TimeWindow> assigner = switch (workload) {
            case "tumbling" -> TumblingEventTimeWindows.of(Duration.ofSeconds(1));
            case "sliding" -> SlidingEventTimeWindows.of(Duration.ofSeconds(10), Duration.ofSeconds(1));
            case "session" -> EventTimeSessionWindows.withGap(Duration.ofMillis(500));
            default -> throw new IllegalArgumentException("workload: tumbling, sliding or session, not " + workload);
        };
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism)
                .setJobName("window-" + workload)
                .setStateBackend(StateBackendOption.parse(JobOptions.parse("--state", state, "--incremental", "true")));
        java.nio.file.Path checkpoints = null;
        if (checkpointIntervalMs > 0) {
            checkpoints = java.nio.file.Files.createTempDirectory("weir-window-bench");
            env.enableCheckpointing(checkpointIntervalMs);
            env.getCheckpointConfig().setDirectory(checkpoints.toString());
        }
        long perMs = Math.max(1, keys / 1000);
        env.fromGenerator(records, i -> new Event(i % keys, i / perMs + (i * 0x9E3779B97F4A7C15L >>> 58), 1L))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofMillis(100))
                        .withTimestampAssigner((event, previous) -> event.time()))
                .keyBy(Event::key)
                .window(assigner)
                .aggregate(new CountAndSum()).name("window").uid("window")
                .sinkTo(new DiscardingSink<>());
        long cpuBefore = processCpuNanos();
        JobExecutionResult result = env.execute().orThrow();
        double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
        double seconds = result.duration().toNanos() / 1e9;
        if (checkpoints != null) {
            dev.weir.state.LocalFiles.deleteRecursively(checkpoints);
        }
        System.out.println("workload=window-" + workload + " state=" + state + " records=" + records + " keys=" + keys
                + " parallelism=" + parallelism + " duration_s=" + String.format(Locale.ROOT, "%.3f", seconds)
                + " throughput_rps=" + Math.round(records / seconds)
                + " cpu_s=" + String.format(Locale.ROOT, "%.3f", cpuSeconds)
                + " records_per_cpu_s=" + Math.round(records / cpuSeconds));
    }

    /** CPU time of the whole process (all threads, GC included): steadier than wall time on a shared machine. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
