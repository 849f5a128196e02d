package dev.weir.bench.support;

import java.util.List;
import java.util.Locale;

/**
 * The figures of a {@code freshness} run, printed alike by Weir's benchmark and the Flink peer's, one
 * {@code name=value} line each, for {@code SideBySide} to read: the checkpoint durations, the visibility
 * figures of the {@link VisibilityLog}, those of the {@link CommittedFileWatcher} (file sink), then
 * {@code verified=}, {@code duration_s=} and last {@code throughput_rps=}. Call once, after the job has
 * ended and the watcher or reader has finished.
 */
public final class FreshnessReport {
    private FreshnessReport() {
    }

    /**
     * Prints the figures to standard output; where the committed output is wrong, also says so on standard
     * error.
     *
     * @param checkpointMs the end-to-end durations of the completed checkpoints in ms, in ascending order
     * @param watcher the file sink's watcher, or null for the Kafka sink
     * @param seconds the job's duration
     * @return whether every event was seen exactly once ({@code verified=true}); the caller exits with
     *         status 1 otherwise
     */
    public static boolean printFigures(long[] checkpointMs, VisibilityLog log, CommittedFileWatcher watcher,
                                       double seconds, long records) {
        System.out.println("checkpoint_ms_median=" + (checkpointMs.length == 0 ? 0 : checkpointMs[checkpointMs.length / 2]));
        System.out.println("checkpoint_ms_p99=" + (checkpointMs.length == 0 ? 0
                : checkpointMs[Math.min(checkpointMs.length - 1, (int) (checkpointMs.length * 0.99))]));
        System.out.println("checkpoint_ms_max=" + (checkpointMs.length == 0 ? 0 : checkpointMs[checkpointMs.length - 1]));
        log.figures().forEach(System.out::println);
        if (watcher != null) {
            watcher.figures().forEach(System.out::println);
        }
        List<String> problems = log.problems();
        System.out.println("verified=" + problems.isEmpty() + (problems.isEmpty() ? "" : " " + problems));
        System.out.println("duration_s=" + String.format(Locale.ROOT, "%.3f", seconds));
        System.out.println("throughput_rps=" + Math.round(records / seconds));
        if (!problems.isEmpty()) {
            System.err.println("freshness: the committed output is wrong: " + problems);
        }
        return problems.isEmpty();
    }
}
