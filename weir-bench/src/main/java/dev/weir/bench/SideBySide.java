package dev.weir.bench;

import dev.weir.examples.JobOptions;
import dev.weir.kafka.broker.KafkaBrokerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Runs each benchmark workload on Weir and on its peers (Apache Flink 2.3, and Kafka Streams 4.4
 * for {@code kafka-counts}) alternately, A B A B …, each run in a fresh JVM with the same heap
 * ({@code pg-counts}: into one PostgreSQL, see {@link PgCountsComparison}),
 * and writes the table (median throughput, min–max, ratio Weir/peer, checkpoints, median
 * checkpoint duration, peak RSS, latency percentiles at a fixed rate, and latency behind a busy
 * task with and without a buffer timeout) with the machine and the command to {@code docs/BENCHMARKS.md}.
 *
 * <pre>
 * mvn -q -B package -DskipTests
 * java -cp weir-bench/target/weir-bench.jar dev.weir.bench.SideBySide [--quick] [--pairs 3]
 *      [--only keyed-sum-heap,kafka-counts,pg-counts,state-memory,latency,latency-busy,freshness-file,freshness-kafka,window-tumbling-heap,…] [--heap 2g]
 *      [--output docs/BENCHMARKS.md]
 * </pre>
 *
 * <p>The window workloads ({@code window-tumbling|sliding|session-heap|rocksdb}) print the number of
 * window results and a hash of them; a workload whose runs disagree on them is reported under the
 * table, its runs still counted (each run has checked its own totals: {@code verified=}).
 */
public final class SideBySide {

    private SideBySide() {
    }

    /** One run's printed figures ({@code key=value} lines) and its peak resident memory. */
    record Run(String system, Map<String, String> figures, long peakRssMb) {
        double figure(String key) {
            return Double.parseDouble(figures.getOrDefault(key, "0").trim().split(" ")[0]);
        }
    }

    /** A workload: how to start it on each system for pair {@code i} (fresh output per run). */
    record Workload(String name, String description, Map<String, IntFunction<List<String>>> systems) {
    }

    public static void main(String[] args) throws Exception {
        JobOptions options = JobOptions.parse(args);
        boolean quick = options.getFlag("quick");
        int pairs = options.getInt("pairs", 3);
        String heap = options.getString("heap", "2g");
        String only = options.getString("only", "");
        Path output = Path.of(options.getString("output", "docs/BENCHMARKS.md"));
        Path flinkJar = Path.of(options.getString("flink-jar", "weir-bench-flink/target/weir-bench-flink.jar"));
        Path kstreamsJar = Path.of(options.getString("kstreams-jar",
                "weir-bench-kafka-streams/target/weir-bench-kafka-streams.jar"));
        options.rejectUnknown();
        List<String> wanted = only.isEmpty() ? List.of() : List.of(only.split(","));
        boolean kafka = wanted.isEmpty() || wanted.contains("kafka-counts");
        for (Path jar : kafka ? List.of(flinkJar, kstreamsJar) : List.of(flinkJar)) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("peer jar " + jar.toAbsolutePath() + " is missing: build with "
                        + "mvn -q -B package -DskipTests, or pass --flink-jar / --kstreams-jar");
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> weir = List.of(java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
                Benchmarks.class.getName());
        List<String> flink = List.of(java, "-Xmx" + heap, "-jar", flinkJar.toString());
        List<String> kstreams = List.of(java, "-Xmx" + heap, "-jar", kstreamsJar.toString());
        long scale = quick ? 4 : 1;

        Path dir = Files.createTempDirectory("weir-side-by-side-");
        List<String> report = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        // The broker (its own JVM) only when a Kafka workload runs.
        boolean freshnessKafka = wanted.isEmpty() || wanted.contains("freshness-kafka");
        try (KafkaBrokerProcess broker = kafka || freshnessKafka ? KafkaBrokerProcess.start(dir.resolve("broker")) : null) {
            // kafka-counts at steady state: the first records warm up untimed, the rest are timed (KafkaSteadyState)
            long kafkaWarmup = 2_000_000 / scale;
            long kafkaRecords = kafkaWarmup + 5_000_000 / scale;
            List<Workload> workloads = new ArrayList<>();
            workloads.add(both("stateless", "sequence → map → filter → discard, 2 subtasks", weir, flink,
                    List.of("stateless", "--records", "" + 100_000_000 / scale)));
            workloads.add(withLimit(keyedSum("keyed-sum-heap", "generator → keyBy → running sum (heap / hashmap), exactly-once "
                    + "checkpoints every 1 s", weir, flink, 20_000_000 / scale, 100_000, "heap", "hashmap"), weir));
            workloads.add(keyedSum("keyed-sum-rocksdb", "the same on RocksDB with incremental checkpoints every 1 s",
                    weir, flink, 20_000_000 / scale, 100_000, "rocksdb", "rocksdb"));
            workloads.add(keyedSum("keyed-sum-rocksdb-10m-keys", "RocksDB with 10 million keys: far more than Weir's "
                    + "value cache holds, so every access goes to RocksDB", weir, flink, 10_000_000 / scale, 10_000_000,
                    "rocksdb", "rocksdb"));
            workloads.add(both("counts", "generator → keyBy → running count → exactly-once file sink, checkpoints "
                    + "every 1 s", weir, flink, List.of("counts", "--records", "" + 30_000_000 / scale, "--keys", "1000",
                    "--checkpoint-interval-ms", "1000")));
            workloads.addAll(windowWorkloads(weir, flink, scale));
            workloads.addAll(nexmarkWorkloads(weir, flink, scale));
            if (kafka) {
                workloads.add(kafkaCounts(broker.bootstrapServers(), kafkaRecords, kafkaWarmup, weir, flink, kstreams));
            }
            for (Workload workload : workloads) {
                if (!wanted.isEmpty() && !wanted.contains(workload.name())) {
                    continue;
                }
                List<Run> runs = workload.name().equals("kafka-counts")
                        ? KafkaSteadyState.runPairs(workload, pairs, broker.bootstrapServers(), kafkaWarmup)
                        : runPairs(workload, pairs);
                report.addAll(rows(workload.name(), runs));
                windowResultsDiffer(workload, runs).ifPresent(notes::add);
                if (workload.name().equals("kafka-counts")) {
                    notes.add(KafkaSteadyState.note(runs));
                }
                descriptions.add("- `" + workload.name() + "`: " + workload.description());
            }
            if (wanted.isEmpty() || wanted.contains("pg-counts")) {
                long pgRecords = 5_000_000 / scale;
                List<Run> runs = PgCountsComparison.runPairs(weir, flink, pgRecords, pairs);
                report.addAll(rows("pg-counts", runs));
                notes.add(PgCountsComparison.note(runs));
                descriptions.add("- `pg-counts`: " + PgCountsComparison.description(pgRecords));
            }
            if (wanted.isEmpty() || wanted.contains("state-memory")) {
                report.addAll(StateMemoryComparison.rows(java, flinkJar, pairs));
            }
            if (wanted.isEmpty() || wanted.contains("latency")) {
                report.addAll(latency(weir, flink, pairs, quick ? 5 : 10));
            }
            if (wanted.isEmpty() || wanted.contains("latency-busy")) {
                report.addAll(latencyBusy(weir, flink, pairs, quick ? 5 : 10));
            }
            for (String sink : List.of("file", "kafka")) {
                if (wanted.isEmpty() || wanted.contains("freshness-" + sink)) {
                    report.addAll(FreshnessRows.rows(sink, weir, flink, sink.equals("kafka") ? broker.bootstrapServers()
                            : null, pairs, quick ? 12 : 20));
                }
            }
        } finally {
            dev.weir.state.LocalFiles.deleteRecursively(dir);
        }
        String command = "java -cp weir-bench/target/weir-bench.jar " + SideBySide.class.getName() + " "
                + String.join(" ", args);
        writeReport(output, report, notes, descriptions, command, quick, pairs, heap);
    }

    /** kafka-counts on the three systems, its input topic created and filled first. */
    private static Workload kafkaCounts(String servers, long kafkaRecords, long warmup, List<String> weir,
                                        List<String> flink, List<String> kstreams) throws Exception {
        String prepared = KafkaSteadyState.prepare(servers, kafkaRecords);
        return new Workload("kafka-counts", "Kafka → keyBy → running count → Kafka, exactly-once, "
                + "checkpoint / commit interval 1 s, broker in its own JVM on the same machine; steady state: "
                + String.format(Locale.ROOT, "%,d", kafkaRecords) + " input records, the first "
                + String.format(Locale.ROOT, "%,d", warmup) + " untimed, records/s = the other "
                + String.format(Locale.ROOT, "%,d", kafkaRecords - warmup) + " over the time they took to appear "
                + "in committed output, timed by the same read_committed consumer for all three systems "
                + "(`KafkaSteadyState`); " + prepared, Map.of(
                "weir", i -> concat(weir, "kafka-counts", "--bootstrap-servers", servers, "--input-topic",
                        "counts-in", "--output-topic", "weir-out-" + i, "--records", "" + kafkaRecords,
                        "--keys", "10000", "--checkpoint-interval-ms", "1000"),
                "kafka-streams", i -> concat(kstreams, "--bootstrap-servers", servers, "--input-topic",
                        "counts-in", "--output-topic", "ks-out-" + i, "--records", "" + kafkaRecords,
                        "--keys", "10000", "--threads", "2", "--commit-interval-ms", "1000"),
                "flink", i -> concat(flink, "kafka-counts", "--bootstrap-servers", servers, "--input-topic",
                        "counts-in", "--output-topic", "flink-out-" + i, "--records", "" + kafkaRecords,
                        "--keys", "10000", "--checkpoint-interval-ms", "1000")));
    }

    /**
     * Adds the hand-written loop ({@code limit-keyed-sum}, {@link LimitKeyedSum}) to a keyed-sum workload as
     * the system {@code limit}, so that Weir/limit is printed beside Weir/flink.
     */
    private static Workload withLimit(Workload keyedSum, List<String> weir) {
        List<String> arguments = keyedSum.systems().get("weir").apply(0);
        List<String> limit = concat(weir, "limit-keyed-sum", "--records",
                arguments.get(arguments.indexOf("--records") + 1), "--keys", arguments.get(arguments.indexOf("--keys") + 1));
        Map<String, IntFunction<List<String>>> systems = new java.util.HashMap<>(keyedSum.systems());
        systems.put("limit", i -> limit);
        return new Workload(keyedSum.name(), keyedSum.description() + "; `limit` is the hand-written loop over the same "
                + "records (`limit-keyed-sum`: 2 plain threads, one open-addressing long→long map each, keys in scrambled "
                + "order, no engine), its Weir/peer column Weir's share of it", systems);
    }

    private static Workload both(String name, String description, List<String> weir, List<String> flink,
                                 List<String> arguments) {
        return new Workload(name, description, Map.of("weir", i -> concat(weir, arguments.toArray(String[]::new)),
                "flink", i -> concat(flink, arguments.toArray(String[]::new))));
    }

    /** keyed-sum with 1 s checkpoints on each system's named state backend. */
    private static Workload keyedSum(String name, String description, List<String> weir, List<String> flink,
                                     long records, long keys, String weirState, String flinkState) {
        List<String> arguments = List.of("keyed-sum", "--records", "" + records, "--keys", "" + keys,
                "--checkpoint-interval-ms", "1000", "--state");
        return new Workload(name, description, Map.of(
                "weir", i -> concat(concat(weir, arguments.toArray(String[]::new)), weirState),
                "flink", i -> concat(concat(flink, arguments.toArray(String[]::new)), flinkState)));
    }

    /**
     * The window workloads on heap / hashmap and on RocksDB with incremental checkpoints, every 1 s,
     * sized so that a run of the slower system takes well under a minute on two shared cores but long
     * enough (10–30 s) that JIT compilation does not decide the ratio (event time spans records / 100,000 s:
     * the windows still open at the end fire on the final watermark).
     */
    private static List<Workload> windowWorkloads(List<String> weir, List<String> flink, long scale) {
        String events = "generated events (100,000 keys, 100,000 events per second of event time, disorder up to "
                + "100 ms, `forBoundedOutOfOrderness(100 ms)`) → keyBy → ";
        String rest = " → count and sum (`AggregateFunction`) → counting discard, exactly-once checkpoints every 1 s";
        Map<String, String> windows = Map.of(
                "window-tumbling", "1 s tumbling event-time windows",
                "window-sliding", "10 s event-time windows sliding by 1 s",
                "window-session", "event-time session windows, gap 500 ms");
        List<Workload> workloads = new ArrayList<>();
        for (String name : List.of("window-tumbling", "window-sliding", "window-session")) {
            for (String state : List.of("heap", "rocksdb")) {
                long records = switch (name + "-" + state) {
                    case "window-tumbling-heap" -> 10_000_000;
                    case "window-tumbling-rocksdb" -> 1_500_000;
                    case "window-sliding-heap" -> 800_000;
                    case "window-sliding-rocksdb" -> 150_000;
                    case "window-session-heap" -> 1_000_000;
                    default -> 300_000; // window-session-rocksdb
                } / scale;
                List<String> arguments = List.of(name, "--records", "" + records, "--keys", "100000",
                        "--checkpoint-interval-ms", "1000", "--state");
                workloads.add(new Workload(name + "-" + state, events + windows.get(name) + rest
                        + (state.equals("heap") ? " (heap / hashmap)" : " (RocksDB, incremental)") + ", "
                        + String.format(Locale.ROOT, "%,d", records) + " events (" + String.format(Locale.ROOT,
                        "%.1f", records / 100_000.0) + " s of event time)", Map.of(
                        "weir", i -> concat(concat(weir, arguments.toArray(String[]::new)), state),
                        "flink", i -> concat(concat(flink, arguments.toArray(String[]::new)),
                                state.equals("heap") ? "hashmap" : "rocksdb"))));
            }
        }
        return workloads;
    }

    /**
     * The Nexmark queries (weir-nexmark's DataStream jobs against nexmark's Flink SQL, both over Weir's
     * event generator at 10 M events per second of event time), exactly-once checkpoints every 1 s,
     * on heap / hashmap; the stateful ones on RocksDB too. Sized so that the slower system runs about
     * 20–60 s on two shared cores.
     */
    private static List<Workload> nexmarkWorkloads(List<String> weir, List<String> flink, long scale) {
        Map<String, String> what = Map.of(
                "q0", "pass-through", "q1", "currency conversion", "q2", "selection",
                "q3", "local item suggestion (regular join of auctions and persons)",
                "q4", "average winning price per category (auctions joined with their bids)",
                "q8", "monitor new users (10 s tumbling-window join of persons and auctions)",
                "q5", "hot items (sliding 10 s / 2 s windows, max per window)", "q7", "highest bid (10 s tumbling)",
                "q11", "user sessions (gap 10 s)", "q12", "processing-time 10 s windows per bidder");
        List<Workload> workloads = new ArrayList<>();
        for (String query : List.of("q0", "q1", "q2", "q3", "q4", "q5", "q7", "q8", "q11", "q12")) {
            boolean stateful = !List.of("q0", "q1", "q2").contains(query);
            for (String state : stateful ? List.of("heap", "rocksdb") : List.of("heap")) {
                long events = switch (query) {
                    case "q0", "q1", "q2", "q3", "q8" -> 10_000_000;
                    case "q11" -> 5_000_000;
                    case "q12" -> 3_000_000;
                    case "q5", "q4" -> 2_000_000;
                    default -> 1_000_000; // q7
                } / (state.equals("rocksdb") ? 4 : 1) / scale;
                List<String> arguments = List.of("nexmark-" + query, "--records", "" + events,
                        "--checkpoint-interval-ms", "1000", "--state");
                workloads.add(new Workload("nexmark-" + query + (stateful ? "-" + state : ""), "Nexmark " + query + ", "
                        + what.get(query) + ": " + String.format(Locale.ROOT, "%,d", events) + " generated events, "
                        + (state.equals("heap") ? "heap / hashmap" : "RocksDB, incremental")
                        + ", Weir's DataStream query against nexmark's Flink SQL (mini-batch 2 s / 50,000), exactly-once "
                        + "checkpoints every 1 s, rows to a discarding / blackhole sink", Map.of(
                        "weir", i -> concat(concat(weir, arguments.toArray(String[]::new)), state),
                        "flink", i -> concat(concat(flink, arguments.toArray(String[]::new)),
                                state.equals("heap") ? "hashmap" : "rocksdb"))));
            }
        }
        return workloads;
    }

    /**
     * A note when the runs of a window workload did not all produce the same window results (their
     * number and the order-independent hash of their counts and sums).
     */
    private static Optional<String> windowResultsDiffer(Workload workload, List<Run> runs) {
        Map<String, String> windowsBySystem = new TreeMap<>();
        runs.stream().filter(r -> r.figures().containsKey("windows"))
                .forEach(r -> windowsBySystem.merge(r.system(), r.figures().get("windows") + " windows, hash "
                                + r.figures().get("window_results_hash"), (a, b) -> a.equals(b) ? a : a + " / " + b));
        if (windowsBySystem.values().stream().distinct().count() <= 1) {
            return Optional.empty();
        }
        String note = "- " + workload.name() + ": the systems' window results differ (per system: "
                + windowsBySystem + ")";
        System.err.println("side-by-side: " + note.substring(2));
        return Optional.of(note);
    }

    static List<Run> runPairs(Workload workload, int pairs) throws IOException, InterruptedException {
        List<Run> runs = new ArrayList<>();
        List<String> systems = new ArrayList<>(List.of("weir"));
        workload.systems().keySet().stream().filter(s -> !s.equals("weir")).sorted().forEach(systems::add);
        for (int pair = 0; pair < pairs; pair++) {
            for (String system : systems) {
                Run run = run(system, workload.systems().get(system).apply(pair));
                if (run != null) {
                    runs.add(run);
                }
            }
        }
        return runs;
    }

    /** Runs one child JVM; null (and a note on stderr) if it failed: a peer that cannot run is reported, not fatal. */
    static Run run(String system, List<String> command) throws IOException, InterruptedException {
        return run(system, command, Map.of());
    }

    /** {@link #run(String, List)} with these variables added to the child's environment. */
    static Run run(String system, List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        Process process = builder.start();
        PeakRss rss = new PeakRss(process.pid());
        rss.start();
        Map<String, String> figures = new LinkedHashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.substring(0, eq).contains(" ")) {
                    figures.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        int exit = process.waitFor();
        rss.interrupt();
        rss.join();
        boolean wrongOutput = figures.containsKey("verified") && !figures.get("verified").startsWith("true");
        if (exit != 0 || !figures.containsKey("throughput_rps") || wrongOutput) {
            System.err.println("side-by-side: " + system + " failed (exit " + exit + (wrongOutput ? ", output "
                    + figures.get("verified") : "") + "), not counted: " + String.join(" ", command));
            return null;
        }
        Run run = new Run(system, figures, rss.peakMb);
        System.out.printf(Locale.ROOT, "%-40s %-14s %,14.0f records/s  checkpoints=%s  peak_rss_mb=%d%s%n",
                figures.getOrDefault("workload", command.get(command.size() - 1)), system, run.figure("throughput_rps"),
                figures.getOrDefault("checkpoints", "-"), run.peakRssMb(),
                figures.containsKey("verified") ? "  verified=" + figures.get("verified") : "");
        return run;
    }

    private static List<String> rows(String workload, List<Run> runs) {
        List<String> rows = new ArrayList<>();
        double weirMedian = median(runs, "weir", "throughput_rps");
        for (String system : List.of("weir", "flink", "kafka-streams", "limit")) {
            List<Run> mine = runs.stream().filter(r -> r.system().equals(system)).toList();
            if (mine.isEmpty()) {
                continue;
            }
            double[] rps = mine.stream().mapToDouble(r -> r.figure("throughput_rps")).sorted().toArray();
            double median = median(runs, system, "throughput_rps");
            rows.add(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f–%,.0f | %s | %s | %s | %d |",
                    workload, system, median, rps[0], rps[rps.length - 1],
                    system.equals("weir") ? "" : String.format(Locale.ROOT, "%.2f×", weirMedian / median),
                    medianText(mine, "checkpoints"), medianText(mine, "checkpoint_ms_median"),
                    mine.stream().mapToLong(Run::peakRssMb).max().orElse(0)));
        }
        return rows;
    }

    /**
     * End-to-end latency of keyed-sum at a fixed rate: half of the measured maximum of the same
     * rate-limited pipeline on the slower system (first each system runs with an unreachable rate
     * limit; a rate limiter costs something per record, in Flink's sources more than in Weir's).
     */
    private static List<String> latency(List<String> weir, List<String> flink, int pairs, int seconds)
            throws IOException, InterruptedException {
        String unlimited = "100000000";
        Workload maximum = latencyWorkload(weir, flink, unlimited, Long.toString(2_000_000L * seconds));
        double slower = Double.MAX_VALUE;
        for (String system : List.of("weir", "flink")) {
            Run run = run(system, maximum.systems().get(system).apply(0));
            slower = Math.min(slower, run == null ? 500_000 : run.figure("throughput_rps"));
        }
        long rate = Math.max(1000, Math.round(slower / 2 / 1000) * 1000);
        List<Run> runs = runPairs(latencyWorkload(weir, flink, Long.toString(rate), Long.toString(rate * seconds)), pairs);
        List<String> rows = new ArrayList<>();
        rows.add("");
        rows.add("Latency: keyed-sum (heap / hashmap, checkpoints every 1 s) at a fixed " + String.format(Locale.ROOT,
                "%,d", rate) + " records/s for " + seconds + " s: half of the slower system's maximum with a rate-limited "
                + "generator (" + String.format(Locale.ROOT, "%,.0f", slower) + " records/s). Time from a record's "
                + "creation in the generator to its arrival in the sink, HdrHistogram, median of " + pairs + " runs; "
                + "both run with their default buffer timeout (100 ms).");
        rows.add("");
        rows.add("| system | p50 ms | p99 ms | p99.9 ms | achieved records/s | p99 Weir/peer |");
        rows.add("|---|---:|---:|---:|---:|---:|");
        double weirP99 = median(runs, "weir", "latency_p99_ms");
        for (String system : List.of("weir", "flink")) {
            double p99 = median(runs, system, "latency_p99_ms");
            rows.add(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %,.0f | %s |", system,
                    median(runs, system, "latency_p50_ms"), p99, median(runs, system, "latency_p999_ms"),
                    median(runs, system, "throughput_rps"),
                    system.equals("weir") ? "" : String.format(Locale.ROOT, "%.2f", weirP99 / p99)));
        }
        return rows;
    }

    /**
     * End-to-end latency behind a busy task: a slow stage that never goes idle and emits rarely, so
     * only the buffer timeout hands its output over (see {@link BusyLatency}). Weir with its default
     * buffer timeout, Weir without one (-1: what it did before it had one) and Flink with its default;
     * both defaults are 100 ms.
     */
    private static List<String> latencyBusy(List<String> weir, List<String> flink, int pairs, int seconds)
            throws IOException, InterruptedException {
        long spinMicros = 20;
        long outputEvery = 100;
        String records = Long.toString(1_000_000 / spinMicros * 2 * seconds); // ~seconds of spinning on 2 subtasks
        List<String> arguments = List.of("latency-busy", "--records", records, "--spin-us", "" + spinMicros,
                "--output-every", "" + outputEvery);
        Workload workload = new Workload("latency-busy", "a slow stage followed by a low-rate output", Map.of(
                "weir", i -> concat(weir, arguments.toArray(String[]::new)),
                "weir-no-timeout", i -> concat(concat(weir, arguments.toArray(String[]::new)), "--buffer-timeout-ms",
                        "-1"),
                "flink", i -> concat(flink, arguments.toArray(String[]::new))));
        List<Run> runs = runPairs(workload, pairs);
        List<String> rows = new ArrayList<>();
        rows.add("");
        rows.add("Latency behind a busy task (`latency-busy`): generator → rebalance → slow stage (spins " + spinMicros
                + " µs per record, so it never goes idle; passes on 1 record in " + outputEvery + ", stamped as it "
                + "leaves) → rebalance → sink; " + String.format(Locale.ROOT, "%,d", Long.parseLong(records))
                + " input records, parallelism 2. Time from the slow stage's emit to the sink in the next task, "
                + "HdrHistogram, median of " + pairs + " runs. Buffer timeout: Weir's and Flink's default, 100 ms "
                + "both; `weir, -1` has none (a busy task hands over only full batches of 1,024), as Weir did before.");
        rows.add("");
        rows.add("| system | buffer timeout | p50 ms | p99 ms | p99.9 ms | input records/s |");
        rows.add("|---|---:|---:|---:|---:|---:|");
        for (String system : List.of("weir", "weir-no-timeout", "flink")) {
            rows.add(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f | %,.0f |",
                    system.equals("flink") ? "flink" : "weir", system.equals("weir-no-timeout") ? "-1" : "100 ms",
                    median(runs, system, "latency_p50_ms"), median(runs, system, "latency_p99_ms"),
                    median(runs, system, "latency_p999_ms"), median(runs, system, "throughput_rps")));
        }
        return rows;
    }

    private static Workload latencyWorkload(List<String> weir, List<String> flink, String rate, String records) {
        return new Workload("latency", "keyed-sum at " + rate + " records/s", Map.of(
                "weir", i -> concat(weir, "keyed-sum", "--records", records, "--keys", "100000", "--rate", rate,
                        "--checkpoint-interval-ms", "1000", "--state", "heap"),
                "flink", i -> concat(flink, "keyed-sum", "--records", records, "--keys", "100000", "--rate", rate,
                        "--checkpoint-interval-ms", "1000", "--state", "hashmap")));
    }

    static double median(List<Run> runs, String system, String key) {
        double[] values = runs.stream().filter(r -> r.system().equals(system) && r.figures().containsKey(key))
                .mapToDouble(r -> r.figure(key)).sorted().toArray();
        if (values.length == 0) {
            return 0;
        }
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    private static String medianText(List<Run> runs, String key) {
        double[] values = runs.stream().filter(r -> r.figures().containsKey(key)).mapToDouble(r -> r.figure(key))
                .sorted().toArray();
        return values.length == 0 ? "–" : String.format(Locale.ROOT, "%.0f", values[values.length / 2]);
    }

    private static void writeReport(Path output, List<String> rows, List<String> notes, List<String> descriptions,
                                    String command, boolean quick, int pairs, String heap) throws IOException {
        List<String> doc = new ArrayList<>();
        doc.add("# Benchmarks: Weir side by side with Apache Flink 2.3 and Kafka Streams 4.4");
        doc.add("");
        doc.add("Generated by `" + command.trim() + "` on " + LocalDate.now() + (quick ? " (quick sizes: a quarter)" : "")
                + ". Every run is a fresh JVM with `-Xmx" + heap + "`; systems alternate (A B A B …), " + pairs
                + " runs each; parallelism 2; throughput = records / job time (JVM start excluded).");
        doc.add("");
        doc.add("Machine: " + machine());
        doc.add("");
        doc.add("| workload | system | median records/s | min–max | Weir/peer | checkpoints | median checkpoint ms "
                + "| peak RSS MB |");
        doc.add("|---|---|---:|---:|---:|---:|---:|---:|");
        doc.addAll(rows);
        doc.add("");
        if (!notes.isEmpty()) {
            doc.addAll(notes);
            doc.add("");
        }
        doc.add("## The workloads");
        doc.add("");
        doc.addAll(descriptions);
        doc.add("");
        doc.add("## Reading the table");
        doc.add("");
        doc.add("- Each system runs the same job with its own defaults: Weir passes records by reference between tasks in batches (1,024 records); Flink serializes them into network buffers (32 KiB) even on one machine. Both hand over a partly filled batch or buffer after at most their buffer timeout, 100 ms by default in both.");
        doc.add("- `latency-busy` measures what the buffer timeout is for: a stage that never goes idle and emits rarely. Without a timeout (`-1`) its output waits for a full batch, seconds here.");
        doc.add("- `keyed-sum-rocksdb` (100,000 keys) fits in Weir's on-heap value cache (131,072 entries per state and subtask), which writes RocksDB in batches at checkpoints; Flink reads and writes RocksDB on every record. `keyed-sum-rocksdb-10m-keys` has far more keys than the cache holds, so every access goes to RocksDB in both systems.");
        doc.add("- `counts`, `kafka-counts` and `pg-counts` check their committed output exactly (every seq once, counts 1..n per key; `pg-counts` also that no prepared transaction is left) after the timed part; a run whose output is wrong does not count.");
        doc.add("- `kafka-counts`: the broker runs in its own JVM on the same 2 cores, so all three systems share the machine with it. Its figure is steady state: the first records (JIT compilation, start-up, first checkpoints) are not timed; the rest are timed as they appear in committed output (a `read_committed` consumer in the driver, the same for all three systems; output arrives once per commit, so the span is measured from the start of one commit's output to the start of the last). Each runs exactly-once as its own documentation says: Weir's `KafkaSink` with `DeliveryGuarantee.EXACTLY_ONCE` and checkpoints; Flink's `KafkaSink` with `DeliveryGuarantee.EXACTLY_ONCE`, a transactional id prefix and exactly-once checkpoints; Kafka Streams with `processing.guarantee=exactly_once_v2` (its commit interval set to 1 s like the others' checkpoints; its EOS default is 100 ms). All read the input `read_committed`. Kafka Streams needs a repartition topic for the keyBy and a changelog topic for its state store, so it writes each record three times; Weir and Flink write it once and keep state in their checkpoints.");
        doc.add("- The window workloads (`window-tumbling`, `window-sliding`, `window-session`, on heap / hashmap and on RocksDB) run the same events on both systems (`WindowEvents`: keys and 0–99 ms of disorder from a mix of the sequence number, event time from its place in its generator split, so the source subtasks advance side by side) with Flink's API in both: `WatermarkStrategy.forBoundedOutOfOrderness(..)` with a timestamp assigner, `keyBy(..).window(..).aggregate(new CountAndSum())`, an incremental `AggregateFunction` (one accumulator per key and window). No event is late, so each run checks that the counts and sums over all its window results are those of every event in each of its windows exactly once (`verified`); both systems must produce the same window results (their number and an order-independent hash of their counts and sums; a difference would be noted under the table).");
        doc.add("- The Nexmark workloads (`nexmark-qN`) read the same events on both systems: Weir's `NexmarkGenerator` (weir-nexmark-model: Nexmark's model, 1 person : 3 auctions : 46 bids, 10,000,000 events per second of event time as nexmark's published runs), one split per source subtask. Weir runs weir-nexmark's DataStream queries; Flink runs nexmark's SQL (views `person`, `auction`, `bid`, `INSERT INTO` a `blackhole` table) over the events as internal `RowData` rows of nexmark's `datagen` table, watermark 4 s behind `dateTime`, with nexmark's table settings (mini-batch on, allow-latency 2 s, size 50,000; distinct aggregates split). Throughput is events per second. `NexmarkSqlTest` and weir-nexmark's tests check that both compute the rows of the same plain-Java reference.");
        doc.add("- Weir's median checkpoint ms is end-to-end (trigger to metadata durable); Flink's is its own end-to-end duration of completed checkpoints.");
        doc.add("");
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.write(output, doc, StandardCharsets.UTF_8);
        doc.forEach(System.out::println);
        System.out.println("written to " + output.toAbsolutePath());
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException e) {
            // not Linux: leave it unknown
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + (((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() >> 30) + " GiB RAM, " + System.getProperty("os.name")
                + " " + System.getProperty("os.version") + ", Java " + System.getProperty("java.version");
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(Arrays.asList(more));
        return all;
    }

    /** Polls the peak resident set size (VmHWM) of a process while it runs. */
    private static final class PeakRss extends Thread {
        private final Path status;
        volatile long peakMb;

        PeakRss(long pid) {
            this.status = Path.of("/proc/" + pid + "/status");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                try {
                    for (String line : Files.readAllLines(status)) {
                        if (line.startsWith("VmHWM:")) {
                            String kb = line.replaceAll("\\D", "");
                            peakMb = Math.max(peakMb, Long.parseLong(kb.isEmpty() ? "0" : kb) / 1024);
                        }
                    }
                    Thread.sleep(100);
                } catch (IOException | InterruptedException e) {
                    return; // the process ended
                }
            }
        }
    }
}
