package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.SavepointFormatType;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.runtime.JobExecution;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sessions job stopped with a savepoint while session windows are open for every user (window
 * contents, merging-window sets, event-time timers), and resumed from it on the other state backend
 * at another parallelism: the committed output must be exactly the reference. Without drain the
 * stop fires no window early: the open ones go on merging after the restore.
 */
class SessionsSavepointTest {
    private static final long CLICKS = 200_000;
    private static final long USERS = 200;
    private static final long RATE = 50_000; // 4 s of clicks: stopped long before their end

    @TempDir
    Path dir;

    @ParameterizedTest(name = "from {0} to {1} at parallelism {2}")
    @CsvSource({"heap, rocksdb, 3", "rocksdb, heap, 1"})
    void whenStoppedWithASavepointWithSessionsOpen_andResumedOnTheOtherBackend_thenTheCommittedOutputIsExact(
            String from, String to, int parallelism) throws Exception {
        StreamExecutionEnvironment first = environment(2, from);
        Sessions.define(first, ClickGenerator.source(CLICKS, USERS, RATE), sessions(), late());
        JobExecution job = (JobExecution) first.executeAsync();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (job.getProgress().checkpointsCompleted() < 2) {
            assertTrue(System.nanoTime() < deadline, "no two completed checkpoints within 20 s");
            Thread.sleep(5);
        }
        String savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints").toString(),
                SavepointFormatType.CANONICAL).get(30, TimeUnit.SECONDS);
        assertEquals(JobStatus.FINISHED, job.awaitResult(Duration.ofSeconds(20)).status());
        assertFalse(SessionsReference.problems(sessions(), late(), CLICKS, USERS).isEmpty(),
                "the first run must stop before its end");

        StreamExecutionEnvironment env = environment(parallelism, to).restoreFrom(savepoint);
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
