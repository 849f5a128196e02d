package dev.weir.bench;

import dev.weir.api.Collector;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.connector.DiscardingSink;
import dev.weir.api.CheckpointStats;
import dev.weir.examples.Counts;
import dev.weir.examples.CountsCheck;
import dev.weir.examples.CountsKafka;
import dev.weir.kafka.broker.KafkaTestClients;
import dev.weir.examples.JobOptions;
import dev.weir.examples.StateBackendOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Arrays;
import java.util.Locale;

/**
 * Benchmark programs. Usage:
 * {@code java -jar weir-bench.jar <workload> [--records N] [--keys K] [--parallelism P]}.
 * Prints its configuration, then figures, and as the last line {@code throughput_rps=<records/s>},
 * measured from job start to job end (JVM start and job definition excluded). The window workloads
 * ({@link WindowWorkloads}) checkpoint every second unless told otherwise and print their window
 * totals and {@code verified=}; so do the Nexmark workloads ({@link NexmarkWorkloads}, {@code nexmark-qN},
 * records = events), which print their event and result-row counts. {@code freshness} ({@link Freshness}) and
 * {@code limit-keyed-sum} ({@link LimitKeyedSum}) read options of their own.
 */
public final class Benchmarks {

    /** The record of the keyed workloads: a key and a value, immutable. */
    public record KeyedValue(long key, long value) {
    }

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) {
            usage("missing workload");
        }
        String workload = args[0];
        if (workload.equals("freshness") || workload.equals("limit-keyed-sum")) {
            try {
                if (workload.equals("freshness")) {
                    Freshness.run(Arrays.copyOfRange(args, 1, args.length));
                } else {
                    LimitKeyedSum.run(Arrays.copyOfRange(args, 1, args.length));
                }
            } catch (IllegalArgumentException e) {
                usage(e.getMessage());
            }
            return;
        }
        long records;
        long keys;
        int parallelism;
        long checkpointIntervalMs;
        int batchSize;
        int channelCapacity;
        dev.weir.state.KeyedStateBackendFactory stateBackend;
        String stateName;
        double changeFraction;
        String bootstrapServers;
        String inputTopic;
        String outputTopic;
        String jdbcUrl;
        String user;
        String table;
        long rate;
        Long bufferTimeoutMs;
        long spinMicros;
        long outputEvery;
        long scrapeIntervalMs;
        String runner;
        int taskManagers;
        String givenCheckpointDir;
        try {
            JobOptions options = JobOptions.parse(Arrays.copyOfRange(args, 1, args.length));
            records = options.getLong("records", switch (workload) {
                case "stateless" -> 100_000_000L;
                case "counts" -> 10_000_000L;
                case "kafka-counts", "pg-counts" -> 1_000_000L;
                case "checkpoint-pause" -> 30_000_000L;
                case "latency-busy" -> 1_000_000L;
                case "window-tumbling", "window-sliding", "window-session" -> 10_000_000L;
                case "timers" -> 10_000_000L;
                default -> NexmarkWorkloads.NAMES.contains(workload) ? 10_000_000L : 20_000_000L;
            });
            keys = options.getLong("keys", switch (workload) {
                case "checkpoint-pause" -> 1_000_000L;
                case "incremental" -> 10_000_000L;
                case "rescale-restore" -> 2_000_000L;
                case "kafka-counts" -> 10_000L;
                case "timers" -> 1_000_000L;
                default -> 100_000L;
            });
            parallelism = options.getInt("parallelism", 2);
            batchSize = options.getInt("batch-size", 1024);
            channelCapacity = options.getInt("channel-capacity", 8);
            checkpointIntervalMs = options.getLong("checkpoint-interval-ms",
                    workload.equals("checkpoint-pause") || workload.contains("counts")
                            || WindowWorkloads.NAMES.contains(workload) || NexmarkWorkloads.NAMES.contains(workload)
                            ? 1000 : 0);
            stateName = options.getString("state", workload.equals("timers") ? "rocksdb" : "heap");
            String incremental = options.getString("incremental", "true");
            stateBackend = StateBackendOption.parse(JobOptions.parse("--state", stateName, "--incremental", incremental));
            stateName = stateName + (stateName.equals("rocksdb") ? " incremental=" + incremental : "");
            changeFraction = Double.parseDouble(options.getString("change-fraction", "0.01"));
            rate = options.getLong("rate", 0);
            String bufferTimeout = options.getString("buffer-timeout-ms", null);
            bufferTimeoutMs = bufferTimeout == null ? null : Long.parseLong(bufferTimeout);
            spinMicros = options.getLong("spin-us", 20);
            outputEvery = options.getLong("output-every", 100);
            scrapeIntervalMs = options.getLong("scrape-interval-ms", 0);
            runner = options.getString("runner", "local");
            taskManagers = options.getInt("taskmanagers", 2);
            givenCheckpointDir = options.getString("checkpoint-dir", null);
            if (!runner.equals("local") && !runner.equals("flink")) {
                throw new IllegalArgumentException("--runner takes local or flink, got '" + runner + "'");
            }
            bootstrapServers = options.getString("bootstrap-servers", null);
            inputTopic = options.getString("input-topic", "counts-in");
            outputTopic = options.getString("output-topic", "counts-out");
            jdbcUrl = options.getString("jdbc-url", null);
            user = options.getString("user", "weir");
            table = options.getString("table", "weir_counts");
            if (workload.equals("pg-counts") && (jdbcUrl == null || System.getenv("PGPASSWORD") == null)) {
                throw new IllegalArgumentException("pg-counts needs --jdbc-url jdbc:postgresql://HOST:PORT/DB (and --user, "
                        + "--table) and the password in the environment variable PGPASSWORD (SideBySide starts a server)");
            }
            if (workload.equals("kafka-counts") && bootstrapServers == null) {
                throw new IllegalArgumentException("kafka-counts needs --bootstrap-servers HOST:PORT and an input topic "
                        + "holding seq 0..N-1 (--input-topic; SideBySide prepares both)");
            }
            options.rejectUnknown();
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return;
        }
        if (workload.equals("state-memory")) {
            StateMemory.run(keys);
            return;
        }
        if (workload.equals("incremental")) {
            IncrementalCheckpoint.run(keys, changeFraction);
            return;
        }
        if (workload.equals("timers")) {
            TimerScale.run(records, keys, stateBackend, stateName);
            return;
        }
        if (workload.equals("rescale-restore")) {
            RescaleRestore.run(keys);
            return;
        }
        System.out.println("workload=" + workload);
        System.out.println("records=" + records);
        System.out.println("keys=" + keys);
        System.out.println("parallelism=" + parallelism);
        System.out.println("java=" + System.getProperty("java.version") + " max_heap_mb="
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " cores=" + Runtime.getRuntime().availableProcessors());

        System.out.println("checkpoint_interval_ms=" + checkpointIntervalMs);
        System.out.println("batch_size=" + batchSize + " channel_capacity=" + channelCapacity);
        System.out.println("state=" + stateName);
        System.out.println("runner=" + runner + (runner.equals("flink") ? " taskmanagers=" + taskManagers : ""));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism).setJobName(workload)
                .setBatchSize(batchSize).setChannelCapacity(channelCapacity).setStateBackend(stateBackend);
        if (bufferTimeoutMs != null) {
            env.setBufferTimeout(bufferTimeoutMs);
        }
        System.out.println("buffer_timeout_ms=" + env.getBufferTimeout());
        Path checkpointDir = null;
        if (checkpointIntervalMs > 0) {
            try {
                checkpointDir = givenCheckpointDir != null ? Path.of(givenCheckpointDir)
                        : Files.createTempDirectory("weir-bench-checkpoints");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            env.enableCheckpointing(checkpointIntervalMs);
            env.getCheckpointConfig().setDirectory(checkpointDir.toString());
        }
        if (runner.equals("flink")) {
            FlinkRunner.configure(env, taskManagers, args, checkpointDir);
        }
        Path outputDir = null;
        switch (workload) {
            case "keyed-sum-datagen" -> keyedSumDatagen(env, records, keys);
            case "keyed-sum", "checkpoint-pause" -> {
                if (rate > 0) {
                    System.out.println("rate=" + rate);
                    LatencySink.keyedSum(env, records, keys, rate);
                } else {
                    keyedSum(env, records, keys);
                }
            }
            case "counts" -> {
                if (checkpointDir == null) {
                    usage("counts needs checkpoints: --checkpoint-interval-ms must be positive");
                }
                outputDir = checkpointDir.resolveSibling(checkpointDir.getFileName() + "-output");
                Counts.define(env, records, keys, 0, outputDir);
            }
            case "kafka-counts" -> {
                if (checkpointDir == null) {
                    usage("kafka-counts needs checkpoints: --checkpoint-interval-ms must be positive");
                }
                CountsKafka.createTopics(bootstrapServers, parallelism, outputTopic);
                Counts.define(env, CountsKafka.source(bootstrapServers, inputTopic, keys), "kafka-source",
                        CountsKafka.sink(bootstrapServers, outputTopic), "kafka-sink");
            }
            case "pg-counts" -> {
                if (checkpointDir == null) {
                    usage("pg-counts needs checkpoints: --checkpoint-interval-ms must be positive");
                }
                // the driver (SideBySide) empties the table before and checks it after the run
                PgCounts.define(env, records, keys, jdbcUrl, user, System.getenv("PGPASSWORD"), table);
            }
            case "stateless" -> stateless(env, records);
            case "window-tumbling", "window-sliding", "window-session" ->
                    WindowWorkloads.define(env, workload, records, keys, parallelism);
            case "latency-busy" -> {
                System.out.println("spin_us=" + spinMicros + " output_every=" + outputEvery);
                BusyLatency.define(env, records, spinMicros, outputEvery);
            }
            default -> {
                if (!NexmarkWorkloads.NAMES.contains(workload)) {
                    usage("unknown workload '" + workload + "'");
                }
                NexmarkWorkloads.define(env, workload, records, parallelism);
            }
        }
        JobExecutionResult result = scrapeIntervalMs > 0 ? runScraped(env, scrapeIntervalMs) : env.execute().orThrow();
        double seconds = result.duration().toNanos() / 1e9;
        if (checkpointIntervalMs > 0) {
            printCheckpointFigures(result, workload.equals("checkpoint-pause"));
            deleteRecursively(checkpointDir);
        }
        if (outputDir != null) {
            List<String> problems = CountsCheck.problemsInFiles(outputDir, records, keys);
            System.out.println("verified=" + problems.isEmpty() + (problems.isEmpty() ? "" : " " + problems));
            System.out.println("output_bytes=" + directorySize(outputDir));
            deleteRecursively(outputDir);
        }
        if (WindowWorkloads.NAMES.contains(workload)) {
            WindowWorkloads.printResults(workload, records, keys, parallelism);
        }
        if (NexmarkWorkloads.NAMES.contains(workload)) {
            if (runner.equals("local")) { // the operators' record counts are the local runner's figures
                NexmarkWorkloads.printResults(result);
            }
        }
        if (rate > 0 || workload.equals("latency-busy")) {
            LatencySink.printPercentiles();
        }
        if (workload.equals("kafka-counts")) {
            List<String> problems = CountsCheck.problems(
                    KafkaTestClients.readCommittedValues(bootstrapServers, outputTopic), records, keys);
            System.out.println("verified=" + problems.isEmpty() + (problems.isEmpty() ? "" : " " + problems));
        }
        System.out.println("duration_s=" + String.format(Locale.ROOT, "%.3f", seconds));
        Runtime rt = Runtime.getRuntime();
        System.out.println("heap_used_mb=" + (rt.totalMemory() - rt.freeMemory()) / (1 << 20));
        System.out.println("throughput_rps=" + Math.round(records / seconds));
    }

    /**
     * Runs the job while another thread renders its metrics as Prometheus text every {@code intervalMs}
     * (what a Prometheus server or the dashboard polling costs the job); prints how many scrapes it made.
     */
    private static JobExecutionResult runScraped(StreamExecutionEnvironment env, long intervalMs) throws Exception {
        System.out.println("scrape_interval_ms=" + intervalMs);
        dev.weir.runtime.JobExecution job = (dev.weir.runtime.JobExecution) env.executeAsync();
        java.util.concurrent.atomic.AtomicLong scrapes = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.ScheduledExecutorService scraper = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "bench-scraper");
                    thread.setDaemon(true);
                    return thread;
                });
        scraper.scheduleAtFixedRate(() -> {
            if (!job.metrics().scrapePrometheus().isEmpty()) {
                scrapes.incrementAndGet();
            }
        }, intervalMs, intervalMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            return job.awaitResult().orThrow();
        } finally {
            scraper.shutdownNow();
            System.out.println("scrapes=" + scrapes.get());
        }
    }

    private static void printCheckpointFigures(JobExecutionResult result, boolean pauses) {
        List<CheckpointStats> completed = result.completedCheckpoints();
        System.out.println("checkpoints=" + completed.size());
        System.out.println("checkpoint_ms_median=" + median(completed.stream()
                .mapToLong(c -> c.endToEnd().toMillis()).sorted().toArray()));
        System.out.println("checkpoint_bytes_median=" + median(completed.stream()
                .mapToLong(CheckpointStats::bytes).sorted().toArray()));
        long[] syncPausesMicros = completed.stream().flatMap(c -> c.tasks().stream())
                .mapToLong(t -> t.syncPause().toNanos() / 1000).sorted().toArray();
        long[] asyncMillis = completed.stream().flatMap(c -> c.tasks().stream())
                .mapToLong(t -> t.asyncPart().toMillis()).sorted().toArray();
        System.out.println("async_ms_median=" + median(asyncMillis));
        if (pauses) {
            System.out.println("sync_pause_p50_ms=" + String.format(Locale.ROOT, "%.3f",
                    percentile(syncPausesMicros, 0.50) / 1000.0));
            System.out.println("sync_pause_p99_ms=" + String.format(Locale.ROOT, "%.3f",
                    percentile(syncPausesMicros, 0.99) / 1000.0));
            System.out.println("sync_pause_max_ms=" + String.format(Locale.ROOT, "%.3f",
                    (syncPausesMicros.length == 0 ? 0 : syncPausesMicros[syncPausesMicros.length - 1]) / 1000.0));
        }
    }

    private static long median(long[] sorted) {
        return percentile(sorted, 0.5);
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1 < 0 ? 0
                : (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static long directorySize(Path dir) {
        try (var paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteRecursively(Path dir) {
        try {
            dev.weir.state.LocalFiles.deleteRecursively(dir);
        } catch (RuntimeException e) {
            System.err.println("cannot delete " + dir + ": " + e.getMessage());
        }
    }

    /** generator (key = i % K, value 1) → keyBy → running sum in ValueState → discarding sink. */
    static void keyedSum(StreamExecutionEnvironment env, long records, long keys) {
        env.fromGenerator(records, i -> new KeyedValue(i % keys, 1L)).name("generator")
                .keyBy(KeyedValue::key)
                .process(new RunningSum()).name("sum").uid("sum")
                .sinkTo(new DiscardingSink<>()).name("discard");
    }

    /**
     * keyed-sum with the source of its Flink peer: a {@code DataGeneratorSource} that declares its type
     * ({@code TypeInformation.of(KeyedValue.class)}), so that an engine which serializes records between tasks (Weir's
     * Flink runner) knows it; {@code fromGenerator} leaves it to be found per record.
     */
    static void keyedSumDatagen(StreamExecutionEnvironment env, long records, long keys) {
        env.fromSource(new dev.weir.connector.datagen.DataGeneratorSource<>(i -> new KeyedValue(i % keys, 1L), records,
                        dev.weir.api.connector.RateLimiterStrategy.noOp(),
                        dev.weir.api.typeinfo.TypeInformation.of(KeyedValue.class)),
                        dev.weir.api.eventtime.WatermarkStrategy.noWatermarks(), "generator").uid("generator")
                .keyBy(KeyedValue::key)
                .process(new RunningSum()).name("sum").uid("sum")
                .sinkTo(new DiscardingSink<>()).name("discard");
    }

    /** generator → map → filter → discarding sink, all chained. */
    static void stateless(StreamExecutionEnvironment env, long records) {
        env.fromSequence(0, records - 1).name("generator")
                .map(i -> i * 3).name("map")
                .filter(i -> (i & 1) == 0).name("filter")
                .sinkTo(new DiscardingSink<>()).name("discard");
    }

    static final class RunningSum extends KeyedProcessFunction<Long, KeyedValue, Long> {
        private transient ValueState<Long> sum;

        @Override
        public void open(OpenContext openContext) {
            sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Long.class));
        }

        @Override
        public void processElement(KeyedValue value, Context context, Collector<Long> out) {
            Long current = sum.value();
            long next = (current == null ? 0 : current) + value.value();
            sum.update(next);
            out.collect(next);
        }
    }

    private static void usage(String problem) {
        System.err.println("weir-bench: " + problem);
        System.err.println("usage: java -jar weir-bench.jar <keyed-sum|keyed-sum-datagen|stateless|counts|kafka-counts|pg-counts|checkpoint-pause|latency-busy|window-tumbling|window-sliding|window-session|nexmark-q0|nexmark-q1|nexmark-q2|nexmark-q3|nexmark-q4|nexmark-q5|nexmark-q6|nexmark-q7|nexmark-q8|nexmark-q11|nexmark-q12 (--records: events)|incremental|rescale-restore|state-memory|timers|limit-keyed-sum|freshness --sink file|kafka> [--records N (timers: timers registered)] [--keys K] [--parallelism P] [--checkpoint-interval-ms MS] [--state heap|rocksdb] [--incremental true|false] [--change-fraction F] [--rate R (keyed-sum: latency at a fixed rate)] [--buffer-timeout-ms T] [--scrape-interval-ms MS (render the job's Prometheus metrics that often while it runs)] [--spin-us U --output-every N (latency-busy)] [--bootstrap-servers H:P --input-topic IN --output-topic OUT] [--jdbc-url URL --user U --table T (pg-counts; password in PGPASSWORD)] [--runner local|flink --taskmanagers N (flink: Weir's Flink runner on a local cluster of N TaskManager JVMs)] [--checkpoint-dir DIR]");
        System.exit(2);
    }
}
