package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobClient;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.RestartStrategy;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.postgres.server.LocalPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counts job writing into PostgreSQL while the server is stopped in {@code immediate} mode (a
 * crash: no checkpoint, WAL replay at the next start; open transactions are lost, prepared ones
 * survive) and started again a second later. The job fails while the server is away and restarts
 * (fixed delay) until it is back; its restores commit the transactions still prepared. The table
 * must be exact at the end and no transaction left prepared.
 */
class CountsPostgresRestartTest {
    private static final long RECORDS = 200_000;
    private static final long KEYS = 50;
    private static final String JOB = "postgres-counts-restart";

    static LocalPostgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = LocalPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void thePostgresServerCrashesAndComesBackWhileTheJobRuns_theTableHasEveryRecordExactlyOnce() throws Exception {
        CountsTable table = new CountsTable(postgres, "restart");
        Path checkpoints = dir.resolve("checkpoints");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
                .setJobName(JOB);
        env.enableCheckpointing(100);
        env.getCheckpointConfig().setDirectory(checkpoints.toString());
        // While the server is away every restore fails too: room for a few restarts.
        env.setRestartStrategy(RestartStrategy.fixedDelay(20, Duration.ofSeconds(1)));
        Counts.define(env, Counts.generator(RECORDS, KEYS, 40_000), "generator", CountsPostgres.sink(table.target()),
                "postgres-sink");
        JobClient job = env.executeAsync();

        JobExecutionResult result;
        String outage;
        try {
            // Progress first (two checkpoints), so that transactions are open and prepared when the server goes.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (job.getProgress().checkpointsCompleted() < 2) {
                assertTrue(System.nanoTime() < deadline, "no two completed checkpoints within 60 s");
                Thread.sleep(5);
            }
            long down = System.nanoTime();
            postgres.stop(LocalPostgres.Shutdown.IMMEDIATE);
            Thread.sleep(1_000);
            postgres.startAgain();
            outage = String.format(Locale.ROOT, "server down at checkpoint %d, back after %d ms",
                    job.getProgress().lastCheckpointId(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down));
            result = job.awaitResult(Duration.ofMinutes(2));
        } finally {
            job.cancel(); // nothing if it ended; else it must not outlive the test (and its server)
        }
        System.err.printf(Locale.ROOT, "postgres counts restart test: %s; job %s in %d ms, %d restarts, %d of %d "
                        + "checkpoints completed%n", outage, result.status(), result.duration().toMillis(),
                result.restarts(), result.completedCheckpoints().size(), result.checkpoints().size());

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        // The job was still running when the server went (else it could not have failed).
        assertTrue(result.restarts() >= 1, "the job never failed: the outage tested no recovery; make RECORDS larger");
        assertEquals(List.of(), table.problems(RECORDS, KEYS));
        assertEquals(List.of(), table.preparedTransactions(), "transactions left prepared");
    }
}
