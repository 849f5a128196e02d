package dev.weir.examples;

import dev.weir.api.JobClient;
import dev.weir.api.JobProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints a running job's progress every interval: records in and out with their rates,
 * checkpoints completed, the last checkpoint's duration, restarts. On a terminal one line is
 * rewritten in place (carriage return); otherwise each report is a line of its own.
 *
 * <p>Reports come from one daemon thread; {@link #close()} stops it and ends a rewritten line,
 * so whatever the caller prints afterwards starts on a line of its own.
 */
final class ProgressLine implements AutoCloseable {
    private final String jobName;
    private final JobClient client;
    private final PrintStream out;
    private final boolean terminal;
    private final ScheduledExecutorService timer;
    private final long startNanos = System.nanoTime();
    private JobProgress previous;
    private long previousNanos = startNanos;
    private int lastLength;

    private ProgressLine(String jobName, JobClient client, PrintStream out, boolean terminal, Duration interval) {
        this.jobName = jobName;
        this.client = client;
        this.out = out;
        this.terminal = terminal;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "weir-progress: " + jobName);
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::report, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts reporting on stdout; returns null when {@code interval} is zero (progress off). */
    static ProgressLine start(String jobName, JobClient client, Duration interval) {
        if (interval.isZero()) {
            return null;
        }
        return new ProgressLine(jobName, client, System.out, System.console() != null, interval);
    }

    private void report() {
        long now = System.nanoTime();
        JobProgress progress = client.getProgress();
        String line = format(jobName, progress, previous, now - previousNanos, now - startNanos);
        previous = progress;
        previousNanos = now;
        if (terminal) {
            // Pad over the rest of a longer previous line.
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** One report: figures of {@code now}, rates against {@code before} ({@code sinceNanos} earlier). */
    static String format(String jobName, JobProgress now, JobProgress before, long sinceNanos, long elapsedNanos) {
        double seconds = Math.max(sinceNanos, 1) / 1e9;
        long inDelta = now.recordsIn() - (before == null ? 0 : before.recordsIn());
        long outDelta = now.recordsOut() - (before == null ? 0 : before.recordsOut());
        long elapsed = elapsedNanos / 1_000_000_000L;
        return String.format(Locale.ROOT, "%s: %d:%02d:%02d, %,d records in (%,.0f/s), %,d out (%,.0f/s),"
                        + " %d checkpoints%s, %d restarts", jobName, elapsed / 3600, elapsed / 60 % 60, elapsed % 60,
                now.recordsIn(), Math.max(0, inDelta) / seconds, now.recordsOut(), Math.max(0, outDelta) / seconds,
                now.checkpointsCompleted(), now.lastCheckpointDuration() == null ? ""
                        : " (last " + now.lastCheckpointDuration().toMillis() + " ms)", now.restarts());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (terminal && lastLength > 0) {
            out.println();
            out.flush();
        }
    }
}
