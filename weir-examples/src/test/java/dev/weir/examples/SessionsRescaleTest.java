package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.CheckpointStats;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.runtime.JobExecution;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sessions job stopped at parallelism 2 with session windows open for every user, and resumed
 * from its latest checkpoint at another parallelism: the open windows (their accumulators, their
 * merging-window sets and their timers) move with their key groups and go on merging with the clicks
 * that come after the restore. The committed output must be exactly the reference.
 */
class SessionsRescaleTest {
    private static final long CLICKS = 200_000;
    private static final long USERS = 200;
    private static final long RATE = 50_000; // the first run would take 4 s: it is stopped long before

    @TempDir
    Path dir;

    @ParameterizedTest(name = "to parallelism {0}, state {1}")
    @CsvSource({"3, heap", "1, heap", "3, rocksdb"})
    void whenCancelledAtParallelism2WithSessionsOpen_andResumedAtAnother_thenTheCommittedOutputIsExact(
            int parallelism, String state) throws Exception {
        StreamExecutionEnvironment first = environment(2, state);
        Sessions.define(first, ClickGenerator.source(CLICKS, USERS, RATE), sessions(), late());
        JobExecution job = (JobExecution) first.executeAsync();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (job.checkpointStats().stream().filter(CheckpointStats::completed).count() < 2) {
            assertTrue(System.nanoTime() < deadline, "no two completed checkpoints within 20 s");
            Thread.sleep(5);
        }
        job.cancel();
        assertEquals(JobStatus.CANCELED, job.awaitResult(Duration.ofSeconds(20)).status(),
                "the first run must be stopped before its end");
        assertFalse(SessionsReference.problems(sessions(), late(), CLICKS, USERS).isEmpty(),
                "the first run must not be complete");

        StreamExecutionEnvironment env = environment(parallelism, state).restoreFrom("latest");
        Sessions.define(env, ClickGenerator.source(CLICKS, USERS, 0), sessions(), late());
        JobExecutionResult resumed = env.execute();

        assertEquals(JobStatus.FINISHED, resumed.status(), () -> String.valueOf(resumed.failureCause()));
        assertEquals(List.of(), SessionsReference.problems(sessions(), late(), CLICKS, USERS));
        assertEquals(0, CommittedOutput.hiddenFiles(sessions()), "in-progress files left behind");
    }

    private Path sessions() {
        return Sessions.sessionsDir(dir.resolve("output"));
    }

    private Path late() {
        return Sessions.lateDir(dir.resolve("output"));
    }

    private StreamExecutionEnvironment environment(int parallelism, String state) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment()
                .setParallelism(parallelism).setJobName("sessions");
        env.enableCheckpointing(50);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        env.setStateBackend(StateBackendOption.of(state, true));
        return env;
    }
}
