package dev.weir.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code state-memory} rows of {@link SideBySide}: heap bytes per key at 10 million keys, Weir's
 * heap backend ({@link StateMemory}) against Flink's HashMap state backend ({@code FlinkBenchmarks
 * state-memory}), for a {@code ValueState<Long>} and for a small POJO value (two longs), each system in
 * fresh JVMs with {@code -Xmx8g} (10 M keys of Flink's POJO state need about 1.1 GB live, and a full GC
 * needs room to copy), alternating, median of the runs.
 */
final class StateMemoryComparison {
    static final long KEYS = 10_000_000;
    static final String HEAP = "8g";

    private StateMemoryComparison() {
    }

    static List<String> rows(String java, Path flinkJar, int pairs) throws IOException, InterruptedException {
        List<String> arguments = List.of("state-memory", "--keys", Long.toString(KEYS));
        List<String> weir = new ArrayList<>(List.of(java, "-Xmx" + HEAP, "-cp", System.getProperty("java.class.path"),
                Benchmarks.class.getName()));
        weir.addAll(arguments);
        List<String> flink = new ArrayList<>(List.of(java, "-Xmx" + HEAP, "-jar", flinkJar.toString()));
        flink.addAll(arguments);
        List<SideBySide.Run> runs = new ArrayList<>();
        for (int pair = 0; pair < pairs; pair++) {
            for (Map.Entry<String, List<String>> system : List.of(Map.entry("weir", weir), Map.entry("flink", flink))) {
                SideBySide.Run run = SideBySide.run(system.getKey(), system.getValue());
                if (run != null) {
                    runs.add(run);
                }
            }
        }
        List<String> rows = new ArrayList<>();
        rows.add("");
        rows.add(String.format(Locale.ROOT, "Heap per key (`state-memory`): %,d keys in the keyed state of one subtask "
                + "(128 key groups), Weir's heap backend against Flink's HashMap state backend, filled through each "
                + "one's keyed-state API (`setCurrentKey`, `ValueState.update`); heap in use after full GCs minus the "
                + "same before, divided by the keys; `-Xmx%s`, median of %d runs. POJO: a class of two `long` fields "
                + "(count and sum, an average's accumulator). Object bytes: the same from the total of the JVM's class "
                + "histogram (live objects only), which leaves out what G1's region layout adds: an array of half a "
                + "region or more (2 MB at -Xmx8g) gets whole regions of its own.", KEYS, HEAP, pairs));
        rows.add("");
        rows.add("| value | Weir bytes/key | Flink bytes/key | Weir/Flink | Weir object bytes/key | Flink object bytes/key "
                + "| Weir/Flink |");
        rows.add("|---|---:|---:|---:|---:|---:|---:|");
        for (String kind : List.of("value_long", "pojo")) {
            StringBuilder row = new StringBuilder("| ")
                    .append(kind.equals("pojo") ? "`ValueState<CountAndSum>` (POJO)" : "`ValueState<Long>`");
            for (String figure : List.of("bytes_per_key_", "object_bytes_per_key_")) {
                double weirBytes = SideBySide.median(runs, "weir", figure + kind);
                double flinkBytes = SideBySide.median(runs, "flink", figure + kind);
                row.append(String.format(Locale.ROOT, " | %.1f | %.1f | %s", weirBytes, flinkBytes,
                        flinkBytes == 0 ? "–" : String.format(Locale.ROOT, "%.2f×", weirBytes / flinkBytes)));
            }
            rows.add(row.append(" |").toString());
        }
        return rows;
    }
}
