package dev.weir.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.RestartStrategy;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.testing.FaultInjector;
import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.postgres.server.LocalPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sink in real jobs against a real PostgreSQL: every row exactly once after a clean run, after
 * a failure at each point of the two-phase commit, in upsert mode, and across a restart of the
 * server itself; no prepared transaction is left behind.
 */
@Timeout(90)
class PostgresSinkJobTest {
    static LocalPostgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = LocalPostgres.start();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private StreamExecutionEnvironment env(String name, int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment()
                .setParallelism(parallelism).setJobName(name);
        env.enableCheckpointing(50);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        return env;
    }

    /** The numbers 0..n-1 at {@code rate} records/s in total (so that checkpoints fall in between). */
    private static DataGeneratorSource<Long> numbers(long n, double rate) {
        return new DataGeneratorSource<>(seq -> seq, n, RateLimiterStrategy.perSecond(rate));
    }

    static PostgresSinkBuilder<Long> appendTo(String table) {
        return PostgresSinkJobTestSupport.appendTo(pg, table);
    }

    private static void run(StreamExecutionEnvironment env, DataGeneratorSource<Long> source, PostgresSink<Long> sink) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers").uid("numbers").sinkTo(sink).uid("pg");
    }

    private static void assertFinished(JobExecutionResult result) {
        assertEquals(JobStatus.FINISHED, result.status(), () -> {
            if (result.failureCause() == null) {
                return "no failure";
            }
            StringWriter trace = new StringWriter();
            result.failureCause().printStackTrace(new PrintWriter(trace));
            return trace.toString();
        });
    }

    private static void assertExactlyOnce(String table, long n) throws Exception {
        assertEquals(n + "/" + n, PgTesting.totalAndDistinct(pg, table));
        assertEquals(n - 1, PgTesting.number(pg, "SELECT max(seq) FROM " + table));
        assertEquals(0, PgTesting.number(pg, "SELECT count(*) FROM " + table + " WHERE doubled <> seq * 2"));
        assertEquals(List.of(), PgTesting.prepared(pg));
    }

    @Test
    void aCheckpointedJobWritesEveryRowOnceAndLeavesNoPreparedTransaction() throws Exception {
        StreamExecutionEnvironment env = env("clean", 2);
        run(env, numbers(6_000, 6_000), appendTo("clean").build());

        JobExecutionResult result = env.executeAsync().awaitResult();

        assertFinished(result);
        assertTrue(result.completedCheckpoints().size() >= 3, "checkpoints: " + result.completedCheckpoints().size());
        assertExactlyOnce("clean", 6_000);
        assertTrue(PgTesting.number(pg, "SELECT count(*) FROM " + ProgressTable.NAME + " WHERE prefix = 'clean-pg'") >= 2,
                "proofs under the default prefix <job name>-<sink uid>");
    }

    @Test
    void aFreshRunWhoseCheckpointIdsStartAgainReusesTheGidsOfTheFirstRun() throws Exception {
        for (int run = 0; run < 2; run++) { // the same job twice, each with new checkpoint storage: gids repeat
            StreamExecutionEnvironment env = env("twice", 2);
            env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints-" + run).toString());
            run(env, numbers(2_000, 4_000), appendTo("twice").build());
            assertFinished(env.executeAsync().awaitResult());
        }
        assertEquals("4000/2000", PgTesting.totalAndDistinct(pg, "twice"), "both runs' rows, each once");
        assertEquals(List.of(), PgTesting.prepared(pg));
    }

    @Test
    void withoutCheckpointingTheRowsAreCommittedAtTheEndOfTheInput() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
                .setJobName("unchecked");
        run(env, numbers(3_000, Double.POSITIVE_INFINITY), appendTo("unchecked").build());

        assertFinished(env.executeAsync().awaitResult());

        assertExactlyOnce("unchecked", 3_000);
    }

    @ParameterizedTest
    @EnumSource(value = FaultInjector.Point.class,
            names = {"BEFORE_PRE_COMMIT", "AFTER_PRE_COMMIT", "AFTER_METADATA", "MID_COMMIT"})
    void aFailureAtAnyPointOfTheCommitLeavesEveryRowExactlyOnce(FaultInjector.Point point) throws Exception {
        String table = "fault_" + point.name().toLowerCase();
        AtomicInteger injected = new AtomicInteger();
        StreamExecutionEnvironment env = env(table, 2)
                .setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ofMillis(10)))
                .setFaultInjector((at, task, checkpointId, attempt) -> {
                    if (at == point && attempt == 0 && (task == null || task.subtaskIndex() == 0)
                            && checkpointId >= 1 && injected.compareAndSet(0, 1)) {
                        throw new FaultInjector.InjectedFault("injected at " + at + " of checkpoint " + checkpointId);
                    }
                });
        run(env, numbers(8_000, 4_000), appendTo(table).build()); // 2 s: many checkpoints, also on a busy machine

        JobExecutionResult result = env.executeAsync().awaitResult();

        assertFinished(result);
        assertEquals(1, injected.get(), "the fault was injected");
        assertEquals(1, result.restarts());
        assertExactlyOnce(table, 8_000);
    }

    @Test
    void upsertsAfterAFailureHoldTheLastValueOfEveryKey() throws Exception {
        AtomicInteger injected = new AtomicInteger();
        StreamExecutionEnvironment env = env("upserts", 1)
                .setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ofMillis(10)))
                .setFaultInjector((at, task, checkpointId, attempt) -> {
                    if (at == FaultInjector.Point.AFTER_PRE_COMMIT && attempt == 0 && checkpointId >= 1
                            && injected.compareAndSet(0, 1)) {
                        throw new FaultInjector.InjectedFault("injected at " + at);
                    }
                });
        run(env, numbers(6_000, 4_000), PostgresSink.<Long>builder()
                .setJdbcUrl(pg.jdbcUrl()).setUsername(pg.user()).setPassword(pg.password())
                .setTable("upserts").setColumns("k", "seq", "writes")
                .setRowWriter((seq, row) -> row.setLong(0, seq % 100).setLong(1, seq).setLong(2, 1))
                .setCreateTableIfAbsent("k BIGINT, seq BIGINT, writes BIGINT")
                .setUpsertKey("k")
                .setBatchSize(250) // many rows of each key per batch
                .build());

        JobExecutionResult result = env.executeAsync().awaitResult();

        assertFinished(result);
        assertEquals(1, injected.get());
        assertEquals(100, PgTesting.number(pg, "SELECT count(*) FROM upserts"));
        assertEquals(0, PgTesting.number(pg, "SELECT count(*) FROM upserts WHERE seq <> 5900 + k"),
                "every key holds its last value");
        assertEquals(List.of(), PgTesting.prepared(pg));
    }

    @Test
    void whenPostgresRestartsImmediatelyWhileTheJobRuns_theJobRecoversAndTheTableIsExact() throws Exception {
        StreamExecutionEnvironment env = env("server_restart", 2)
                .setRestartStrategy(RestartStrategy.fixedDelay(100, Duration.ofMillis(100)));
        run(env, numbers(12_000, 4_000), appendTo("server_restart").build());
        var execution = env.executeAsync();
        Thread.sleep(1_200);
        pg.restart(LocalPostgres.Shutdown.IMMEDIATE);

        JobExecutionResult result = execution.awaitResult();

        assertFinished(result);
        assertTrue(result.restarts() >= 1, "restarts: " + result.restarts());
        assertExactlyOnce("server_restart", 12_000);
    }
}
