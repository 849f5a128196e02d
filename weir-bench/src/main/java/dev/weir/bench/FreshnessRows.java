package dev.weir.bench;

import dev.weir.bench.SideBySide.Run;
import dev.weir.bench.SideBySide.Workload;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code freshness-file} and {@code freshness-kafka} tables of {@link SideBySide}: time from an
 * event's creation to its visibility in exactly-once output ({@link Freshness}), Weir and Flink each at
 * its smallest sustainable checkpoint interval, at half of the slower system's maximum rate; and Weir at
 * 90 % of its own maximum with 1 s checkpoints (the target: freshness at ≥ 90 % of the throughput
 * it has with 1 s checkpoints), with Weir at 1 s checkpoints for comparison.
 */
final class FreshnessRows {
    /**
     * The smallest checkpoint intervals each system sustains here, found by trying (file sink, 70,000
     * events/s, parallelism 2, two shared cores): Weir completes checkpoints every 10–20 ms (median
     * 12–19 ms each) and 20 ms is where its freshness stopped improving; Flink at 50 ms runs its
     * checkpoints back to back (median 22 ms each, but 4 failed and they complete only every ~60 ms)
     * with no better freshness than at 100 ms, where they complete about every 110 ms with 1 failure.
     */
    static final long WEIR_INTERVAL_MS = 20;
    static final long FLINK_INTERVAL_MS = 100;
    /** Events created in the first 5 s are checked but not measured: JIT warm-up and the first checkpoints. */
    static final long WARMUP_MS = 5_000;

    private FreshnessRows() {
    }

    static List<String> rows(String sink, List<String> weir, List<String> flink, String servers, int pairs,
                             int seconds) throws IOException, InterruptedException {
        // 1. each system's maximum (no rate limit) at its interval, and Weir's with 1 s checkpoints
        Map<String, Run> maxima = new java.util.TreeMap<>();
        for (String system : List.of("weir", "flink", "weir-1s")) {
            // about 5–15 s each: Weir's file sink takes ~1 M events/s, its Kafka sink and Flink ~0.1–0.3 M
            long records = system.startsWith("weir") && sink.equals("file") ? 4_000_000 : 1_500_000;
            Run run = SideBySide.run(system, command(system, weir, flink, sink, servers, interval(system), 0, records));
            if (run != null) {
                maxima.put(system, run);
            }
        }
        double weirMax = rps(maxima, "weir");
        double flinkMax = rps(maxima, "flink");
        double weirMax1s = rps(maxima, "weir-1s");
        long rate = Math.max(1000, Math.round(Math.min(weirMax, flinkMax > 0 ? flinkMax : weirMax) / 2 / 1000) * 1000);
        long rate90 = Math.max(1000, Math.round(weirMax1s * 0.9 / 1000) * 1000);
        // 2. pairs at the fixed rate, and Weir at 90 % of its 1 s maximum
        Map<String, java.util.function.IntFunction<List<String>>> systems = Map.of(
                "weir", i -> command("weir", weir, flink, sink, servers, WEIR_INTERVAL_MS, rate, rate * seconds),
                "flink", i -> command("flink", weir, flink, sink, servers, FLINK_INTERVAL_MS, rate, rate * seconds),
                "weir-1s", i -> command("weir", weir, flink, sink, servers, 1000, rate, rate * seconds),
                "weir-90%", i -> command("weir", weir, flink, sink, servers, WEIR_INTERVAL_MS, rate90, rate90 * seconds));
        List<Run> runs = SideBySide.runPairs(new Workload("freshness-" + sink, "", systems), pairs);

        List<String> rows = new ArrayList<>();
        rows.add("");
        rows.add("Freshness (`freshness-" + sink + "`): generated events stamped with their creation time → keyBy → "
                + "running count → exactly-once " + (sink.equals("file") ? "file sink (Weir's FileSink; Flink's FileSink, row "
                + "format, `OnCheckpointRollingPolicy`); an event is visible when its part file is renamed into place, "
                + "seen by an inotify watcher in the same JVM (its own lateness measured by probe renames: "
                + "`observation delay`)" : "Kafka sink (a transaction per checkpoint; Flink's KafkaSink `EXACTLY_ONCE`); "
                + "an event is visible when a `read_committed` consumer in the same JVM receives it (broker in its own JVM)")
                + ". Parallelism 2, 1,000 keys. Fixed rate " + String.format(Locale.ROOT, "%,d", rate)
                + " events/s for " + seconds + " s = half of the slower system's maximum at its interval (maxima, no rate "
                + "limit: Weir " + String.format(Locale.ROOT, "%,.0f", weirMax) + " at " + WEIR_INTERVAL_MS + " ms and "
                + String.format(Locale.ROOT, "%,.0f", weirMax1s) + " at 1 s, i.e. " + String.format(Locale.ROOT, "%.0f %%",
                weirMax1s > 0 ? 100 * weirMax / weirMax1s : 0) + "; Flink " + String.format(Locale.ROOT, "%,.0f", flinkMax)
                + " at " + FLINK_INTERVAL_MS + " ms). Each system at its smallest sustainable checkpoint interval (Weir "
                + WEIR_INTERVAL_MS + " ms, Flink " + FLINK_INTERVAL_MS + " ms, found by trying); `weir 90 %` runs at "
                + String.format(Locale.ROOT, "%,d", rate90) + " events/s, 90 % of Weir's maximum with 1 s checkpoints. "
                + "Events created in the first " + WARMUP_MS / 1000 + " s are checked, not measured; every run checks that "
                + "each event was committed exactly once. Medians of " + pairs + " runs.");
        rows.add("");
        rows.add("| system | checkpoint interval ms | events/s offered | achieved events/s | p50 ms | p99 ms | max ms "
                + "| median checkpoint ms |" + (sink.equals("file") ? " observation delay max ms |" : ""));
        rows.add("|---|---:|---:|---:|---:|---:|---:|---:|" + (sink.equals("file") ? "---:|" : ""));
        for (String system : List.of("weir", "flink", "weir-1s", "weir-90%")) {
            rows.add(String.format(Locale.ROOT, "| %s | %d | %,d | %,.0f | %.1f | %.1f | %.1f | %.0f |%s",
                    system.equals("weir-90%") ? "weir 90 %" : system.equals("weir-1s") ? "weir" : system,
                    system.equals("weir-1s") ? 1000 : interval(system), system.equals("weir-90%") ? rate90 : rate,
                    SideBySide.median(runs, system, "throughput_rps"),
                    SideBySide.median(runs, system, "freshness_p50_ms"), SideBySide.median(runs, system, "freshness_p99_ms"),
                    SideBySide.median(runs, system, "freshness_max_ms"), SideBySide.median(runs, system, "checkpoint_ms_median"),
                    sink.equals("file") ? String.format(Locale.ROOT, " %.1f |",
                            SideBySide.median(runs, system, "observation_delay_max_ms")) : ""));
        }
        return rows;
    }

    private static long interval(String system) {
        return system.equals("flink") ? FLINK_INTERVAL_MS : system.equals("weir-1s") ? 1000 : WEIR_INTERVAL_MS;
    }

    private static double rps(Map<String, Run> maxima, String system) {
        Run run = maxima.get(system);
        return run == null ? 0 : run.figure("throughput_rps");
    }

    private static List<String> command(String system, List<String> weir, List<String> flink, String sink, String servers,
                                        long intervalMs, long rate, long records) {
        List<String> command = new ArrayList<>(system.equals("flink") ? flink : weir);
        command.addAll(List.of("freshness", "--sink", sink, "--rate", "" + rate, "--checkpoint-interval-ms", "" + intervalMs,
                "--records", "" + records, "--warmup-ms", "" + (rate > 0 ? WARMUP_MS : 0)));
        if (servers != null) {
            command.addAll(List.of("--bootstrap-servers", servers));
        }
        return command;
    }
}
