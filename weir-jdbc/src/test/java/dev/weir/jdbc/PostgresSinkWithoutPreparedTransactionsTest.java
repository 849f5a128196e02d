package dev.weir.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import dev.weir.runtime.operators.SinkOperator;
import dev.weir.testing.OperatorHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server with {@code max_prepared_transactions = 0}: the exactly-once sink refuses it, naming the
 * setting; the write-ahead upsert mode works there and is exact after a failure at any commit point.
 */
@Timeout(90)
class PostgresSinkWithoutPreparedTransactionsTest {
    static LocalPostgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = LocalPostgres.start(Map.of("max_prepared_transactions", "0"));
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @Test
    void theExactlyOnceSinkRefusesAServerWithoutPreparedTransactionsNamingTheSetting() {
        Exception e = assertThrows(Exception.class, () -> OperatorHarness.builder()
                .<Long, Void>build(new SinkOperator<>(PostgresSinkJobTestSupport.appendTo(pg, "refused").build())).open()
                .close());
        String message = e.getMessage();
        assertTrue(message.contains("max_prepared_transactions = 0") && message.contains("at least 2")
                && message.contains("setWriteAhead(true)") && message.contains(pg.jdbcUrl()), message);
    }

    @ParameterizedTest
    @EnumSource(value = FaultInjector.Point.class, names = {"AFTER_PRE_COMMIT", "AFTER_METADATA", "MID_COMMIT"})
    void writeAheadUpsertsAreExactAfterAFailure(FaultInjector.Point point) throws Exception {
        String table = "wal_" + point.name().toLowerCase();
        AtomicInteger injected = new AtomicInteger();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
                .setJobName(table)
                .setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ofMillis(10)))
                .setFaultInjector((at, task, checkpointId, attempt) -> {
                    if (at == point && attempt == 0 && (task == null || task.subtaskIndex() == 0) && checkpointId >= 1
                            && injected.compareAndSet(0, 1)) {
                        throw new FaultInjector.InjectedFault("injected at " + at);
                    }
                });
        env.enableCheckpointing(50);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        env.fromSource(new DataGeneratorSource<>(seq -> seq, 6_000, RateLimiterStrategy.perSecond(4_000)),
                        WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
                .sinkTo(PostgresSink.<Long>builder()
                        .setJdbcUrl(pg.jdbcUrl()).setUsername(pg.user()).setPassword(pg.password())
                        .setTable(table).setColumns("seq", "doubled")
                        .setRowWriter((seq, row) -> row.setLong(0, seq).setLong(1, seq * 2))
                        .setCreateTableIfAbsent("seq BIGINT, doubled BIGINT")
                        .setUpsertKey("seq")
                        .setWriteAhead(true)
                        .build()).uid("pg");

        JobExecutionResult result = env.executeAsync().awaitResult();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(1, injected.get());
        assertEquals("6000/6000", PgTesting.totalAndDistinct(pg, table));
        assertEquals(0, PgTesting.number(pg, "SELECT count(*) FROM " + table + " WHERE doubled <> seq * 2"));
        assertTrue(PgTesting.number(pg, "SELECT count(*) FROM " + CheckpointTable.NAME + " WHERE prefix = '" + table
                + "-pg'") >= 2, "batches recorded under <job name>-<sink uid>");
    }

    @Test
    void aFreshRunWhoseCheckpointIdsStartAgainStillWritesItsBatches() throws Exception {
        for (long factor : new long[] {2, 3}) { // the same job twice, each with new checkpoint storage
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
                    .setJobName("wal_again");
            env.enableCheckpointing(50);
            env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints-" + factor).toString());
            env.fromSource(new DataGeneratorSource<>(seq -> seq, 2_000, RateLimiterStrategy.perSecond(4_000)),
                            WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
                    .sinkTo(PostgresSink.<Long>builder()
                            .setJdbcUrl(pg.jdbcUrl()).setUsername(pg.user()).setPassword(pg.password())
                            .setTable("wal_again").setColumns("seq", "doubled")
                            .setRowWriter((seq, row) -> row.setLong(0, seq).setLong(1, seq * factor))
                            .setCreateTableIfAbsent("seq BIGINT, doubled BIGINT")
                            .setUpsertKey("seq").setWriteAhead(true).build()).uid("pg");
            assertEquals(JobStatus.FINISHED, env.executeAsync().awaitResult().status());
        }
        assertEquals("2000/2000", PgTesting.totalAndDistinct(pg, "wal_again"));
        assertEquals(0, PgTesting.number(pg, "SELECT count(*) FROM wal_again WHERE doubled <> seq * 3"),
                "the second run's values everywhere");
    }
}
