package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The crash phase of the {@code kill -9} tests of the counts job: starts the job's process again
 * and again and SIGKILLs it (no shutdown hooks, no flushing, transactions left open or prepared).
 * Most runs are killed at a random moment after they completed a checkpoint of their own (so the
 * job makes progress); every third run is killed at a random moment of its first 1.5 s, which may
 * be while it starts, restores, commits the restored transactions or aborts leftovers. Given a
 * {@link Moment}, every third run from the third on is instead killed as soon as that moment has come
 * after its first checkpoint of its own (e.g. while a transaction is prepared, which may be too brief
 * for a random moment to hit). A run that
 * finishes before its kill ends the phase (it must exit with 0). The caller then runs the job to
 * its end once more and checks the output.
 */
final class RepeatedKills {

    /** Starts one run of the job (with {@code --restore latest} once the job has left its trace). */
    @FunctionalInterface
    interface Run {
        Process start(Path log) throws Exception;
    }

    /** What a kill left behind for recovery to resolve (e.g. open transactions), counted after each kill. */
    @FunctionalInterface
    interface Leftovers {
        int count() throws Exception;
    }

    /** A moment worth a kill, polled as fast as it answers. */
    @FunctionalInterface
    interface Moment {
        boolean hasCome() throws Exception;
    }

    /** How the phase went: the kills, a line per run, and the leftovers summed over the kills. */
    record Outcome(int kills, List<String> runs, int leftovers) {
    }

    private RepeatedKills() {
    }

    /**
     * Runs and kills the job until {@code kills} kills happened or {@code maxRuns} runs were
     * started; the logs go to {@code dir/run-<n>.log}, the job's checkpoints are in
     * {@code checkpoints/<jobName>}.
     */
    static Outcome run(Path dir, Path checkpoints, String jobName, long seed, int maxRuns, int kills,
                       Run run, Leftovers leftovers) throws Exception {
        return run(dir, checkpoints, jobName, seed, maxRuns, kills, run, leftovers, null);
    }

    /** As {@link #run(Path, Path, String, long, int, int, Run, Leftovers)}, some kills at {@code moment} (may be null). */
    static Outcome run(Path dir, Path checkpoints, String jobName, long seed, int maxRuns, int kills,
                       Run run, Leftovers leftovers, Moment moment) throws Exception {
        Random random = new Random(seed);
        int killed = 0;
        int left = 0;
        List<String> runs = new ArrayList<>();
        for (int n = 0; n < maxRuns && killed < kills; n++) {
            Path log = dir.resolve("run-" + n + ".log");
            long before = CountsProcess.latestCompletedCheckpoint(checkpoints, jobName);
            long started = System.nanoTime();
            Process process = run.start(log);
            long waitMs;
            if (n % 3 == 1) {
                waitMs = 200 + random.nextInt(1300);
            } else {
                // Until the run completed a checkpoint of its own (60 s at most on a loaded machine).
                long deadline = started + TimeUnit.SECONDS.toNanos(60);
                while (process.isAlive() && CountsProcess.latestCompletedCheckpoint(checkpoints, jobName) <= before
                        && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                waitMs = random.nextInt(800);
                if (moment != null && n % 3 == 2) {
                    while (process.isAlive() && !moment.hasCome() && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    waitMs = 0;
                }
            }
            if (waitMs == 0 ? !process.isAlive() : process.waitFor(waitMs, TimeUnit.MILLISECONDS)) {
                process.waitFor();
                runs.add("run " + n + " exited with " + process.exitValue());
                assertEquals(0, process.exitValue(), () -> "run failed: " + CountsProcess.read(log));
                break; // finished before the kill: nothing more to do
            }
            process.destroyForcibly(); // SIGKILL
            process.waitFor();
            killed++;
            int open = leftovers.count();
            left += open;
            runs.add(String.format(Locale.ROOT, "run %d killed after %d ms (checkpoints %d -> %d, %d left behind)",
                    n, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), before,
                    CountsProcess.latestCompletedCheckpoint(checkpoints, jobName), open));
        }
        return new Outcome(killed, runs, left);
    }
}
