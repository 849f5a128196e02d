package dev.weir.bench;

import dev.weir.examples.CountsKafka;
import dev.weir.examples.JobOptions;
import dev.weir.kafka.broker.KafkaBrokerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code kafka-counts} side by side: Weir against Kafka Streams 4.4 ({@code exactly_once_v2},
 * {@code commit.interval.ms} = Weir's checkpoint interval) on the same broker, the same machine, in
 * the same run. The broker runs in its own JVM; the input topic (2 partitions, seq 0..N-1) is
 * loaded once; then Weir and Kafka Streams run alternately (A B A B …), each in a fresh JVM with
 * the same heap and a fresh output topic, and each checks its output exactly. Prints one line per
 * run and a table with medians and the ratio.
 *
 * <pre>
 * java -cp weir-bench/target/weir-bench.jar dev.weir.bench.KafkaCountsComparison [--records 1000000]
 *      [--keys 10000] [--pairs 3] [--checkpoint-interval-ms 1000] [--heap 1g]
 *      [--kstreams-jar weir-bench-kafka-streams/target/weir-bench-kafka-streams.jar]
 * </pre>
 */
public final class KafkaCountsComparison {

    private KafkaCountsComparison() {
    }

    /** What one run printed ({@code key=value} lines) and its peak resident memory. */
    record Run(String system, Map<String, String> figures, long peakRssMb) {
        double throughput() {
            return Double.parseDouble(figures.getOrDefault("throughput_rps", "0"));
        }
    }

    public static void main(String[] args) throws Exception {
        JobOptions options = JobOptions.parse(args);
        long records = options.getLong("records", 1_000_000);
        long keys = options.getLong("keys", 10_000);
        int pairs = options.getInt("pairs", 3);
        long intervalMs = options.getLong("checkpoint-interval-ms", 1000);
        String heap = options.getString("heap", "1g");
        Path kstreamsJar = Path.of(options.getString("kstreams-jar",
                "weir-bench-kafka-streams/target/weir-bench-kafka-streams.jar"));
        options.rejectUnknown();
        if (!Files.isRegularFile(kstreamsJar)) {
            throw new IllegalArgumentException("the Kafka Streams peer " + kstreamsJar.toAbsolutePath() + " is missing: "
                    + "build it with mvn -pl weir-bench-kafka-streams -am package -DskipTests, or pass --kstreams-jar");
        }
        Path dir = Files.createTempDirectory("weir-kafka-bench-");
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir.resolve("broker"))) {
            String servers = broker.bootstrapServers();
            CountsKafka.createTopics(servers, 2, "counts-in");
            CountsKafka.preload(servers, "counts-in", records);
            System.out.printf(Locale.ROOT, "kafka-counts: %d records, %d keys, checkpoint/commit interval %d ms, heap %s,"
                    + " broker %s (own JVM), %d pairs%n", records, keys, intervalMs, heap, servers, pairs);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<Run> runs = new ArrayList<>();
            for (int pair = 0; pair < pairs; pair++) {
                runs.add(run("weir", List.of(java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
                        Benchmarks.class.getName(), "kafka-counts", "--bootstrap-servers", servers,
                        "--input-topic", "counts-in", "--output-topic", "weir-out-" + pair, "--records", "" + records,
                        "--keys", "" + keys, "--parallelism", "2", "--checkpoint-interval-ms", "" + intervalMs)));
                runs.add(run("kafka-streams", List.of(java, "-Xmx" + heap, "-jar", kstreamsJar.toString(),
                        "--bootstrap-servers", servers, "--input-topic", "counts-in", "--output-topic", "ks-out-" + pair,
                        "--records", "" + records, "--keys", "" + keys, "--threads", "2",
                        "--commit-interval-ms", "" + intervalMs)));
            }
            printTable(runs);
        } finally {
            dev.weir.state.LocalFiles.deleteRecursively(dir);
        }
    }

    private static Run run(String system, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
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
        if (exit != 0) {
            throw new IllegalStateException(system + " run failed (exit " + exit + "): " + String.join(" ", command));
        }
        Run run = new Run(system, figures, rss.peakMb);
        System.out.printf(Locale.ROOT, "%-14s %,12.0f records/s  verified=%s  checkpoints=%s  peak_rss_mb=%d%n", system,
                run.throughput(), figures.getOrDefault("verified", "?"), figures.getOrDefault("checkpoints", "-"),
                run.peakRssMb());
        return run;
    }

    private static void printTable(List<Run> runs) {
        System.out.println();
        System.out.println("| workload | system | median records/s | min–max | Weir/peer | checkpoints (median) "
                + "| median checkpoint ms | peak RSS MB | verified |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---|");
        double weirMedian = median(runs, "weir");
        for (String system : List.of("weir", "kafka-streams")) {
            List<Run> mine = runs.stream().filter(r -> r.system().equals(system)).toList();
            double[] rps = mine.stream().mapToDouble(Run::throughput).sorted().toArray();
            double median = median(runs, system);
            System.out.printf(Locale.ROOT, "| kafka-counts | %s | %,.0f | %,.0f–%,.0f | %s | %s | %s | %d | %s |%n",
                    system, median, rps[0], rps[rps.length - 1],
                    system.equals("weir") ? "" : String.format(Locale.ROOT, "%.2f×", weirMedian / median),
                    medianFigure(mine, "checkpoints"), medianFigure(mine, "checkpoint_ms_median"),
                    mine.stream().mapToLong(Run::peakRssMb).max().orElse(0),
                    mine.stream().allMatch(r -> r.figures().getOrDefault("verified", "").startsWith("true")));
        }
    }

    private static double median(List<Run> runs, String system) {
        double[] rps = runs.stream().filter(r -> r.system().equals(system)).mapToDouble(Run::throughput).sorted().toArray();
        return rps.length % 2 == 1 ? rps[rps.length / 2] : (rps[rps.length / 2 - 1] + rps[rps.length / 2]) / 2;
    }

    private static String medianFigure(List<Run> runs, String key) {
        long[] values = runs.stream().filter(r -> r.figures().containsKey(key))
                .mapToLong(r -> Long.parseLong(r.figures().get(key).trim())).sorted().toArray();
        return values.length == 0 ? "–" : Long.toString(values[values.length / 2]);
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
                            long kb = Long.parseLong(Arrays.stream(line.split("\\s+")).filter(s -> s.matches("\\d+"))
                                    .findFirst().orElse("0"));
                            peakMb = Math.max(peakMb, kb / 1024);
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
