package dev.weir.bench.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.util.Collector;

/**
 * Weir's benchmark workloads ({@code dev.weir.bench.Benchmarks} in weir-bench) written with Apache
 * Flink 2.3's DataStream API, as a comparison peer with the same command line and output format:
 *
 * <pre>
 * java -jar weir-bench-flink.jar &lt;stateless|keyed-sum|counts|kafka-counts|pg-counts|latency-busy|window-tumbling|window-sliding|window-session
 *      |nexmark-q0|nexmark-q1|nexmark-q2|nexmark-q3|nexmark-q4|nexmark-q5|nexmark-q7|nexmark-q8|nexmark-q11|nexmark-q12&gt;
 *      [--records N] [--keys K]
 *      [--parallelism 2] [--checkpoint-interval-ms MS] [--state hashmap|rocksdb] [--incremental true|false]
 *      [--rate R] [--bootstrap-servers H:P --input-topic IN --output-topic OUT]
 *      [--buffer-timeout-ms T] [--spin-us U --output-every N]
 *      [--jdbc-url URL --user U --table T]   (pg-counts: password in PGPASSWORD; the table is checked by the driver)
 * java -jar weir-bench-flink.jar state-memory [--keys K]   (heap bytes per key: {@link StateMemory})
 * </pre>
 *
 * <p>{@code --cluster standalone --taskmanagers N} runs the job on a {@link StandaloneCluster} of its own (a
 * JobManager and N TaskManager JVMs, as Weir's Flink runner starts one) instead of the in-process MiniCluster;
 * {@code --object-reuse true} enables object reuse, as the Flink runner does for translated jobs.
 * {@code nexmark-q8-datastream} is q8 written with the DataStream API ({@link NexmarkDataStream}).
 *
 * <p>Prints its configuration, then figures, and as the last line {@code throughput_rps=<records/s>}
 * over the job's net runtime ({@link JobExecutionResult#getNetRuntime()}: JVM start and job
 * definition excluded). The job runs in-process on a Flink {@link MiniCluster} bound to 127.0.0.1:
 * the same thing {@code LocalStreamEnvironment.execute()} does, except that the benchmark owns the
 * cluster and so can read the JobManager's checkpoint statistics after the job has finished.
 * {@code --rate R} (keyed-sum, counts) limits the generator to R records/s in total and reports
 * end-to-end latency percentiles (see {@link Latency}). The window workloads ({@link WindowWorkloads})
 * checkpoint every second unless told otherwise and print their window totals and {@code verified=}.
 * The Nexmark workloads ({@link NexmarkSql}: Flink SQL over Weir's event generator, {@code --records}
 * events) checkpoint every second unless told otherwise. {@code freshness --sink file|kafka} is
 * {@link Freshness}, with options of its own.
 */
public final class FlinkBenchmarks {

    /** The record of the keyed workloads: a key and a value, immutable (as in Weir). */
    public record KeyedValue(long key, long value) {
    }

    private FlinkBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) {
            usage("missing workload");
        }
        String workload = args[0];
        if (workload.equals("state-memory")) { // heap bytes per key of the HashMap backend: no job
            StateMemory.run(longOption(parseOptions(args), "keys", 100_000L));
            return;
        }
        if (workload.equals("freshness")) {
            try {
                Freshness.run(args);
            } catch (IllegalArgumentException e) {
                usage(e.getMessage());
            }
            return;
        }
        if (!List.of("stateless", "keyed-sum", "counts", "kafka-counts", "pg-counts", "latency-busy").contains(workload)
                && !WindowWorkloads.NAMES.contains(workload) && !NexmarkSql.NAMES.contains(workload)
                && !workload.equals(NexmarkDataStream.Q8)) {
            usage("unknown workload '" + workload + "'");
        }
        Map<String, String> options = parseOptions(args);
        long records = longOption(options, "records", switch (workload) {
            case "stateless" -> 100_000_000L;
            case "counts" -> 10_000_000L;
            case "kafka-counts", "pg-counts" -> 1_000_000L;
            case "latency-busy" -> 1_000_000L;
            case "window-tumbling", "window-sliding", "window-session" -> 10_000_000L;
            default -> NexmarkSql.NAMES.contains(workload) || workload.equals(NexmarkDataStream.Q8) ? 10_000_000L
                    : 20_000_000L;
        });
        long keys = longOption(options, "keys", workload.equals("kafka-counts") ? 10_000L : 100_000L);
        int parallelism = (int) longOption(options, "parallelism", 2);
        boolean windows = WindowWorkloads.NAMES.contains(workload);
        boolean nexmark = NexmarkSql.NAMES.contains(workload) || workload.equals(NexmarkDataStream.Q8);
        long checkpointIntervalMs = longOption(options, "checkpoint-interval-ms",
                workload.contains("counts") || windows || nexmark ? 1000 : 0);
        String state = options.getOrDefault("state", "hashmap");
        state = state.equals("heap") ? "hashmap" : state; // Weir's name for its heap backend
        String incremental = options.getOrDefault("incremental", "true");
        long rate = longOption(options, "rate", 0);
        String bootstrapServers = options.get("bootstrap-servers");
        String inputTopic = options.getOrDefault("input-topic", "counts-in");
        String outputTopic = options.getOrDefault("output-topic", "counts-out");
        String jdbcUrl = options.get("jdbc-url");
        String user = options.getOrDefault("user", "weir");
        String table = options.getOrDefault("table", "flink_counts");
        String password = System.getenv("PGPASSWORD");
        long bufferTimeoutMs = longOption(options, "buffer-timeout-ms", Long.MIN_VALUE); // MIN_VALUE: Flink's default
        long spinMicros = longOption(options, "spin-us", 20);
        long outputEvery = longOption(options, "output-every", 100);
        String clusterKind = options.getOrDefault("cluster", "mini");
        int taskManagers = (int) longOption(options, "taskmanagers", 2);
        boolean objectReuse = Boolean.parseBoolean(options.getOrDefault("object-reuse", "false"));
        options.keySet().removeAll(List.of("cluster", "taskmanagers", "object-reuse", "records", "keys", "parallelism", "checkpoint-interval-ms", "state",
                "incremental", "rate", "bootstrap-servers", "input-topic", "output-topic", "buffer-timeout-ms",
                "spin-us", "output-every", "jdbc-url", "user", "table"));
        if (!options.isEmpty()) {
            usage("unknown option(s) " + options.keySet());
        }
        if (!clusterKind.matches("mini|standalone") || taskManagers < 1) {
            usage("--cluster takes mini or standalone, --taskmanagers a positive number");
        }
        if (!state.equals("hashmap") && !state.equals("rocksdb") || !incremental.matches("true|false")) {
            usage("--state takes hashmap or rocksdb, --incremental true or false");
        }
        if (rate > 0 && !workload.equals("keyed-sum") && !workload.equals("counts")) {
            usage("--rate applies to keyed-sum and counts");
        }
        if (workload.contains("counts") && checkpointIntervalMs <= 0) {
            usage(workload + " needs checkpoints: --checkpoint-interval-ms must be positive");
        }
        if (workload.equals("kafka-counts") && bootstrapServers == null) {
            usage("kafka-counts needs --bootstrap-servers HOST:PORT and an input topic holding seq 0..N-1 (--input-topic)");
        }
        if (workload.equals("pg-counts") && (jdbcUrl == null || password == null)) {
            usage("pg-counts needs --jdbc-url jdbc:postgresql://HOST:PORT/DB (and --user, --table) and the password in "
                    + "the environment variable PGPASSWORD");
        }
        String stateName = state + (state.equals("rocksdb") ? " incremental=" + incremental : "");

        System.out.println("engine=flink-2.3.0");
        System.out.println("workload=" + workload);
        System.out.println("records=" + records);
        System.out.println("keys=" + keys);
        System.out.println("parallelism=" + parallelism);
        System.out.println("java=" + System.getProperty("java.version") + " max_heap_mb="
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " cores=" + Runtime.getRuntime().availableProcessors());
        System.out.println("checkpoint_interval_ms=" + checkpointIntervalMs);
        System.out.println("state=" + stateName);
        System.out.println("cluster=" + clusterKind + (clusterKind.equals("standalone") ? " taskmanagers=" + taskManagers
                + " slots_per_taskmanager=" + slotsPerTaskManager(parallelism, taskManagers) : ""));
        System.out.println("object_reuse=" + objectReuse);
        if (rate > 0) {
            System.out.println("rate=" + rate);
        }

        Path base = Files.createTempDirectory("weir-bench-flink-");
        Path outputDir = base.resolve("output");
        StandaloneCluster standalone = null;
        try {
            Configuration config = configuration(base, state, Boolean.parseBoolean(incremental), checkpointIntervalMs);
            StreamExecutionEnvironment env;
            if (clusterKind.equals("standalone")) {
                standalone = StandaloneCluster.start(base.resolve("cluster"), taskManagers,
                        slotsPerTaskManager(parallelism, taskManagers), Map.of());
                env = StreamExecutionEnvironment.createRemoteEnvironment("127.0.0.1", standalone.restPort(), config);
                env.setParallelism(parallelism);
            } else {
                env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, config);
            }
            if (objectReuse) {
                env.getConfig().enableObjectReuse();
            }
            if (bufferTimeoutMs != Long.MIN_VALUE) {
                env.setBufferTimeout(bufferTimeoutMs);
            }
            System.out.println("buffer_timeout_ms=" + env.getBufferTimeout());
            switch (workload) {
                case "stateless" -> stateless(env, records);
                case "keyed-sum" -> keyedSum(env, records, keys, rate);
                case "latency-busy" -> {
                    System.out.println("spin_us=" + spinMicros + " output_every=" + outputEvery);
                    latencyBusy(env, records, spinMicros, outputEvery);
                }
                case "counts" -> CountsJob.define(env, records, keys, rate, outputDir);
                case "window-tumbling", "window-sliding", "window-session" ->
                        WindowWorkloads.define(env, workload, records, keys, parallelism);
                case "kafka-counts" -> {
                    KafkaCounts.createTopic(bootstrapServers, parallelism, outputTopic);
                    CountsJob.define(env, KafkaCounts.source(bootstrapServers, inputTopic, keys), "kafka-source",
                            KafkaCounts.sink(bootstrapServers, outputTopic), "kafka-sink");
                }
                case "pg-counts" -> PgCounts.define(env, records, keys, jdbcUrl, user, password, table);
                default -> {
                    if (!nexmark) {
                        throw new AssertionError(workload);
                    }
                    if (workload.equals(NexmarkDataStream.Q8)) {
                        NexmarkDataStream.defineQ8(env, records, parallelism);
                    } else {
                        NexmarkSql.define(env, workload, records, parallelism);
                    }
                }
            }
            JobRun run = standalone != null ? new JobRun(env.execute(workload), null)
                    : execute(env, config, parallelism, workload);
            double seconds = run.result().getNetRuntime() / 1e3;
            if (checkpointIntervalMs > 0 && standalone != null) {
                printCheckpointFigures(standalone.rest("/jobs/" + run.result().getJobID() + "/checkpoints"));
            } else if (checkpointIntervalMs > 0) {
                printCheckpointFigures(run.checkpoints());
            }
            if (workload.equals("counts")) {
                System.out.println("output_bytes=" + directorySize(outputDir));
                List<String> problems;
                try (Stream<String> lines = CountsJob.committedLines(outputDir)) {
                    problems = CountsCheck.problems(lines::iterator, records, keys);
                }
                System.out.println("verified=" + problems.isEmpty() + (problems.isEmpty() ? "" : " " + problems));
            }
            if (workload.equals("kafka-counts")) {
                List<String> problems = CountsCheck.problems(
                        KafkaCounts.readCommittedValues(bootstrapServers, outputTopic), records, keys);
                System.out.println("verified=" + problems.isEmpty() + (problems.isEmpty() ? "" : " " + problems));
            }
            if (windows) {
                WindowWorkloads.printResults(workload, records, keys, parallelism);
            }
            if (rate > 0 || workload.equals("latency-busy")) {
                Latency.print();
            }
            System.out.println("duration_s=" + String.format(Locale.ROOT, "%.3f", seconds));
            Runtime rt = Runtime.getRuntime();
            System.out.println("heap_used_mb=" + (rt.totalMemory() - rt.freeMemory()) / (1 << 20));
            System.out.println("throughput_rps=" + Math.round(records / seconds));
        } finally {
            if (standalone != null) {
                standalone.close();
            }
            deleteRecursively(base);
        }
    }

    /**
     * Slots per TaskManager of a standalone cluster: the job's parallelism on each, spread out evenly, as Weir's
     * Flink runner sets up its local cluster (so the job can run on what is left when a TaskManager is lost).
     */
    private static int slotsPerTaskManager(int parallelism, int taskManagers) {
        return Math.max(1, parallelism);
    }

    /** The checkpoint figures of a job on a standalone cluster, from the JobManager's REST answer. */
    private static void printCheckpointFigures(String checkpointsJson) {
        System.out.println("checkpoints=" + jsonNumber(checkpointsJson, "\"completed\"\\s*:\\s*(\\d+)"));
        System.out.println("checkpoints_failed=" + jsonNumber(checkpointsJson, "\"failed\"\\s*:\\s*(\\d+)"));
        System.out.println("checkpoint_ms_median=" + jsonNumber(checkpointsJson,
                "\"end_to_end_duration\"\\s*:\\s*\\{[^}]*\"p50\"\\s*:\\s*([0-9.]+)"));
    }

    private static String jsonNumber(String json, String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(json);
        return m.find() ? m.group(1) : "0";
    }

    /**
     * The cluster and job configuration: everything bound to 127.0.0.1 (the MiniCluster binds to all
     * interfaces by default), temp files, checkpoints and RocksDB files under {@code base}.
     */
    static Configuration configuration(Path base, String state, boolean incremental, long checkpointIntervalMs)
            throws IOException {
        Configuration config = new Configuration();
        config.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        config.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        config.set(TaskManagerOptions.HOST, "127.0.0.1");
        config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        config.set(RestOptions.ADDRESS, "127.0.0.1");
        config.set(RestOptions.BIND_PORT, "0");
        String tmp = Files.createDirectories(base.resolve("tmp")).toString();
        config.set(CoreOptions.TMP_DIRS, tmp);
        config.set(WebOptions.TMP_DIR, tmp); // the REST endpoint's upload directory, else in java.io.tmpdir
        // every record type must have a Flink serializer of its own (records as POJOs), never Kryo
        config.set(PipelineOptions.GENERIC_TYPES, false);
        config.set(StateBackendOptions.STATE_BACKEND, state);
        config.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, incremental);
        config.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, base.resolve("checkpoints").toUri().toString());
        // keep the statistics of every checkpoint (default: the last 10) for the median
        config.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 100_000);
        if (checkpointIntervalMs > 0) {
            config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(checkpointIntervalMs));
            config.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        }
        return config;
    }

    /** A finished job: its result and the JobManager's checkpoint statistics. */
    record JobRun(JobExecutionResult result, CheckpointStatsSnapshot checkpoints) {
    }

    /**
     * Runs the job as {@code LocalStreamEnvironment.execute()} would (LocalExecutor and
     * PerJobMiniClusterFactory: job id and settings from PipelineExecutorUtils, one task manager with {@code parallelism} slots, shared RPC service),
     * but on a MiniCluster of our own so that its checkpoint statistics can be read before it closes.
     */
    static JobRun execute(StreamExecutionEnvironment env, Configuration config, int parallelism, String jobName)
            throws Exception {
        StreamGraph graph = PipelineExecutorUtils.getStreamGraph(env.getStreamGraph(), config);
        graph.setJobName(jobName);
        graph.serializeUserDefinedInstances();
        MiniClusterConfiguration clusterConfig = new MiniClusterConfiguration.Builder()
                .setConfiguration(config)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(parallelism)
                .setRpcServiceSharing(RpcServiceSharing.SHARED)
                .build();
        try (MiniCluster cluster = new MiniCluster(clusterConfig)) {
            cluster.start();
            JobID id = cluster.submitJob(graph).get().getJobID();
            JobExecutionResult result = cluster.requestJobResult(id).get()
                    .toJobExecutionResult(FlinkBenchmarks.class.getClassLoader());
            return new JobRun(result, cluster.getExecutionGraph(id).get().getCheckpointStatsSnapshot());
        }
    }

    /** Completed and failed checkpoints, median end-to-end duration (trigger to last ack) and persisted size. */
    private static void printCheckpointFigures(CheckpointStatsSnapshot stats) {
        List<CompletedCheckpointStats> completed = stats.getHistory().getCheckpoints().stream()
                .filter(CompletedCheckpointStats.class::isInstance).map(CompletedCheckpointStats.class::cast).toList();
        System.out.println("checkpoints=" + stats.getCounts().getNumberOfCompletedCheckpoints());
        System.out.println("checkpoints_failed=" + stats.getCounts().getNumberOfFailedCheckpoints());
        System.out.println("checkpoint_ms_median=" + median(completed.stream()
                .mapToLong(CompletedCheckpointStats::getEndToEndDuration).sorted().toArray()));
        System.out.println("checkpoint_bytes_median=" + median(completed.stream()
                .mapToLong(CompletedCheckpointStats::getCheckpointedSize).sorted().toArray()));
    }

    /** The element at rank ceil(n/2), as Weir computes it. */
    private static long median(long[] sorted) {
        return sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(0.5 * sorted.length) - 1)];
    }

    /** generator → map → filter → discarding sink, all chained (Weir: env.fromSequence, map, filter). */
    static void stateless(StreamExecutionEnvironment env, long records) {
        env.fromSequence(0, records - 1).name("generator")
                .map(i -> i * 3).name("map")
                .filter(i -> (i & 1) == 0).name("filter")
                .sinkTo(new DiscardingSink<>()).name("discard");
    }

    /** generator (key = i % K, value 1) → keyBy → running sum in ValueState → discarding sink. */
    static void keyedSum(StreamExecutionEnvironment env, long records, long keys, long rate) {
        Sink<Long> sink = rate > 0 ? new Latency.RecordingSink<>() : new DiscardingSink<>();
        env.fromSource(generator(records, rate, i -> new KeyedValue(i % keys, 1L), KeyedValue.class),
                        sourceTimestamps(rate), "generator")
                .keyBy(KeyedValue::key, Types.LONG)
                .process(new RunningSum()).name("sum").uid("sum")
                .sinkTo(sink).name("discard");
    }

    /**
     * A slow stage followed by a low-rate output (Weir's BusyLatency): generator → rebalance → flatMap
     * spinning {@code spinMicros} per record and passing on 1 in {@code outputEvery}, stamped with
     * System.nanoTime() → rebalance → sink recording arrival − stamp.
     */
    static void latencyBusy(StreamExecutionEnvironment env, long records, long spinMicros, long outputEvery) {
        env.fromSequence(0, records - 1).name("generator")
                .rebalance()
                .flatMap(new SlowStage(spinMicros * 1_000, outputEvery)).returns(Types.LONG).name("slow")
                .rebalance()
                .sinkTo(new Latency.StampSink()).name("latency");
    }

    /** Spins per record (CPU-bound, never idle); emits every n-th record as its emit time. */
    static final class SlowStage implements FlatMapFunction<Long, Long> {
        private final long spinNanos;
        private final long outputEvery;

        SlowStage(long spinNanos, long outputEvery) {
            this.spinNanos = spinNanos;
            this.outputEvery = outputEvery;
        }

        @Override
        public void flatMap(Long i, Collector<Long> out) {
            long end = System.nanoTime() + spinNanos;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            if (i % outputEvery == 0) {
                out.collect(System.nanoTime());
            }
        }
    }

    /**
     * The same generator as Weir's DataGeneratorSource: records {@code generator(i)} for i in [0, count),
     * one contiguous range per subtask, optionally limited to {@code rate} records/s in total.
     */
    static <T> DataGeneratorSource<T> generator(long count, long rate, GeneratorFunction<Long, T> generator,
                                                Class<T> type) {
        return new DataGeneratorSource<>(generator, count,
                rate > 0 ? RateLimiterStrategy.perSecond(rate) : RateLimiterStrategy.noOp(), TypeInformation.of(type));
    }

    /** With a rate (latency mode) each record's timestamp is its creation time, System.nanoTime(). */
    static <T> WatermarkStrategy<T> sourceTimestamps(long rate) {
        WatermarkStrategy<T> none = WatermarkStrategy.noWatermarks();
        return rate > 0 ? none.withTimestampAssigner((record, previous) -> System.nanoTime()) : none;
    }

    /** Running sum per key in keyed state; emits the new sum. */
    static final class RunningSum extends KeyedProcessFunction<Long, KeyedValue, Long> {
        private transient ValueState<Long> sum;

        @Override
        public void open(OpenContext context) {
            sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Types.LONG));
        }

        @Override
        public void processElement(KeyedValue value, Context context, Collector<Long> out) throws IOException {
            Long current = sum.value();
            long next = (current == null ? 0 : current) + value.value();
            sum.update(next);
            out.collect(next);
        }
    }

    private static Map<String, String> parseOptions(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage("expected --option value, got '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static long longOption(Map<String, String> options, String name, long defaultValue) {
        String value = options.get(name);
        try {
            return value == null ? defaultValue : Long.parseLong(value);
        } catch (NumberFormatException e) {
            usage("--" + name + " takes a number, got '" + value + "'");
            return defaultValue;
        }
    }

    static long directorySize(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("cannot delete " + dir + ": " + e.getMessage());
        }
    }

    private static void usage(String problem) {
        System.err.println("weir-bench-flink: " + problem);
        System.err.println("usage: java -jar weir-bench-flink.jar <stateless|keyed-sum|counts|kafka-counts|pg-counts|latency-busy"
                + "|window-tumbling|window-sliding|window-session|nexmark-q0|nexmark-q1|nexmark-q2|nexmark-q3|nexmark-q4|nexmark-q5"
                + "|nexmark-q7|nexmark-q8|nexmark-q11|nexmark-q12|state-memory|freshness --sink file|kafka> [--records N]"
                + " [--keys K] [--parallelism P] [--checkpoint-interval-ms MS] [--state hashmap|rocksdb]"
                + " [--incremental true|false] [--rate R] [--buffer-timeout-ms T] [--spin-us U --output-every N]"
                + " [--bootstrap-servers H:P --input-topic IN --output-topic OUT]"
                + " [--jdbc-url URL --user U --table T (pg-counts; password in PGPASSWORD)]"
                + " [--cluster mini|standalone --taskmanagers N] [--object-reuse true|false]"
                + " (also nexmark-q8-datastream: q8 with the DataStream API)");
        System.exit(2);
    }
}
