package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.postgres.server.LocalPostgres;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The counts job writing into PostgreSQL dies at parallelism 2 after a checkpoint is complete but
 * before its transactions are committed (they stay prepared in the server), and resumes from that
 * checkpoint at another parallelism: the new subtasks must commit the old subtasks' prepared
 * transactions, the table must be exact, and no transaction may be left prepared.
 */
class CountsPostgresRescaleTest {
    private static final long RECORDS = 200_000;
    private static final long KEYS = 50;

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

    @ParameterizedTest(name = "resumed at parallelism {0}")
    @ValueSource(ints = {3, 1})
    void whenTheJobDiesWithPreparedTransactionsAtParallelism2_thenTheRunResumedAtAnotherParallelismCommitsThem(
            int parallelism) throws Exception {
        CountsTable table = new CountsTable(postgres, "rescale_to_" + parallelism);
        FailsAfterMetadata fault = new FailsAfterMetadata(2);
        StreamExecutionEnvironment env = environment(2);
        env.setFaultInjector(fault);
        Counts.define(env, Counts.generator(RECORDS, KEYS, 50_000), "generator", CountsPostgres.sink(table.target()),
                "postgres-sink");
        JobExecutionResult first = env.executeAsync().awaitResult(); // no restart strategy: the job fails

        assertEquals(JobStatus.FAILED, first.status());
        assertTrue(fault.failedAfter() >= 2);
        List<String> prepared = table.preparedTransactions();
        assertFalse(prepared.isEmpty(), "the transactions of checkpoint " + fault.failedAfter() + " must be prepared");
        assertTrue(prepared.stream().allMatch(id -> id.startsWith(CountsPostgres.transactionIdPrefix(table.name()))),
                prepared.toString());
        assertFalse(table.problems(RECORDS, KEYS).isEmpty(), "the first run must not be complete");

        StreamExecutionEnvironment again = environment(parallelism).restoreFrom("latest");
        Counts.define(again, Counts.generator(RECORDS, KEYS, 0), "generator", CountsPostgres.sink(table.target()),
                "postgres-sink");
        JobExecutionResult resumed = again.execute();

        assertEquals(JobStatus.FINISHED, resumed.status(), () -> String.valueOf(resumed.failureCause()));
        assertEquals(List.of(), table.problems(RECORDS, KEYS));
        assertEquals(List.of(), table.preparedTransactions(), "transactions left prepared");
    }

    private StreamExecutionEnvironment environment(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment()
                .setParallelism(parallelism).setJobName("postgres-counts-rescale");
        env.enableCheckpointing(50);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        return env;
    }
}
