package dev.weir.bench;

import dev.weir.bench.SideBySide.Run;
import dev.weir.bench.SideBySide.Workload;
import dev.weir.examples.JobOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What Weir's Flink runner costs: each workload on Weir's own runtime ({@code weir}), on Weir's Flink runner
 * with a local cluster of 2 TaskManager JVMs ({@code weir-on-flink}: {@code Benchmarks --runner flink}), and as
 * the hand-written Flink DataStream job on a standalone cluster started the same way ({@code flink}:
 * weir-bench-flink's {@code --cluster standalone}, object reuse on as the runner sets it). Runs alternate
 * (weir, weir-on-flink, flink, weir, …), each a fresh client JVM and a fresh cluster; throughput is records per
 * second of the job's own run time (cluster start excluded); the table gives medians and the ratio
 * weir-on-flink / flink, which measures only what the translation adds.
 *
 * <pre>
 * java -cp weir-bench/target/weir-bench.jar dev.weir.bench.FlinkRunnerComparison [--pairs 3]
 *      [--only keyed-sum,keyed-sum-datagen,nexmark-q8] [--scale 1] [--heap 1g]
 * </pre>
 */
public final class FlinkRunnerComparison {
    private FlinkRunnerComparison() {
    }

    public static void main(String[] args) throws Exception {
        JobOptions options = JobOptions.parse(args);
        int pairs = options.getInt("pairs", 3);
        String only = options.getString("only", "keyed-sum,keyed-sum-datagen,nexmark-q8");
        double scale = Double.parseDouble(options.getString("scale", "1"));
        String heap = options.getString("heap", "1g");
        Path flinkJar = Path.of(options.getString("flink-jar", "weir-bench-flink/target/weir-bench-flink.jar"));
        options.rejectUnknown();
        if (!Files.isRegularFile(flinkJar)) {
            throw new IllegalArgumentException("peer jar " + flinkJar.toAbsolutePath() + " is missing: build with "
                    + "mvn -q -B package -DskipTests -pl weir-bench,weir-bench-flink -am, or pass --flink-jar");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> weir = List.of(java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
                Benchmarks.class.getName());
        List<String> flink = List.of(java, "-Xmx" + heap, "-jar", flinkJar.toString());
        List<String> rows = new ArrayList<>();
        for (String name : only.split(",")) {
            Workload workload = workload(name, weir, flink, scale);
            List<Run> runs = SideBySide.runPairs(workload, pairs);
            rows.addAll(rows(name, runs));
        }
        System.out.println();
        System.out.println("`java -cp weir-bench/target/weir-bench.jar " + FlinkRunnerComparison.class.getName() + " "
                + String.join(" ", args) + "`, " + pairs + " runs each, alternating; parallelism 2");
        System.out.println();
        System.out.println("| workload | system | median records/s | min–max | weir-on-flink / system | checkpoints "
                + "| median checkpoint ms |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
    }

    private static Workload workload(String name, List<String> weir, List<String> flink, double scale) {
        long checkpointMs = 1000;
        return switch (name) {
            case "keyed-sum", "keyed-sum-datagen" -> {
                String records = "" + Math.round(20_000_000 / scale);
                List<String> tail = List.of("--records", records, "--keys", "100000", "--checkpoint-interval-ms",
                        "" + checkpointMs);
                yield new Workload(name, "generator → keyBy → running sum in ValueState → discard, heap, "
                        + "exactly-once checkpoints every 1 s" + (name.equals("keyed-sum") ? " (Weir: fromGenerator, "
                        + "no declared type)" : " (Weir: DataGeneratorSource with its type, as the Flink peer)"),
                        systems(weir, flink, concat(List.of(name), tail), concat(List.of("keyed-sum"), tail), "heap"));
            }
            case "nexmark-q8" -> {
                String events = "" + Math.round(10_000_000 / scale);
                yield new Workload(name, "Nexmark q8 (tumbling-window join of persons and auctions in a "
                        + "KeyedCoProcessFunction), heap, checkpoints every 1 s", systems(weir, flink,
                        List.of("nexmark-q8", "--records", events, "--checkpoint-interval-ms", "" + checkpointMs),
                        List.of("nexmark-q8-datastream", "--records", events, "--checkpoint-interval-ms",
                                "" + checkpointMs), "heap"));
            }
            default -> throw new IllegalArgumentException("unknown workload '" + name + "': keyed-sum, keyed-sum-datagen or nexmark-q8");
        };
    }

    private static Map<String, java.util.function.IntFunction<List<String>>> systems(List<String> weir,
            List<String> flink, List<String> weirArguments, List<String> flinkArguments, String state) {
        List<String> local = concat(concat(weir, weirArguments), List.of("--state", state));
        List<String> onFlink = concat(local, List.of("--runner", "flink", "--taskmanagers", "2"));
        List<String> handWritten = concat(concat(flink, flinkArguments), List.of("--state", "hashmap", "--cluster",
                "standalone", "--taskmanagers", "2", "--object-reuse", "true"));
        return Map.of("weir", i -> local, "weir-on-flink", i -> onFlink, "flink", i -> handWritten);
    }

    private static List<String> rows(String workload, List<Run> runs) {
        List<String> rows = new ArrayList<>();
        double onFlink = SideBySide.median(runs, "weir-on-flink", "throughput_rps");
        for (String system : List.of("weir", "weir-on-flink", "flink")) {
            double[] rps = runs.stream().filter(r -> r.system().equals(system))
                    .mapToDouble(r -> r.figure("throughput_rps")).sorted().toArray();
            if (rps.length == 0) {
                rows.add("| " + workload + " | " + system + " | failed | | | | |");
                continue;
            }
            double median = SideBySide.median(runs, system, "throughput_rps");
            rows.add(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f–%,.0f | %s | %.0f | %.0f |", workload, system,
                    median, rps[0], rps[rps.length - 1], system.equals("weir-on-flink") ? ""
                            : String.format(Locale.ROOT, "%.2f×", onFlink / median),
                    SideBySide.median(runs, system, "checkpoints"),
                    SideBySide.median(runs, system, "checkpoint_ms_median")));
        }
        return rows;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
