package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.api.testing.FaultInjector;
import dev.weir.postgres.server.LocalPostgres;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The counts job writing into a real PostgreSQL table through the exactly-once {@link dev.weir.jdbc.PostgresSink},
 * with a failure injected at each named point of the two-phase-commit protocol three times per run
 * ({@link ThreeFaults}): the table must hold every seq once and the counts 1..n of every key once,
 * and no transaction may be left prepared.
 */
class CountsPostgresFaultInjectionTest {
    private static final long RECORDS = 150_000;
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

    @ParameterizedTest(name = "fault at {0}")
    @EnumSource(value = FaultInjector.Point.class, names = {"BEFORE_PRE_COMMIT", "AFTER_PRE_COMMIT", "AFTER_METADATA",
            "MID_COMMIT", "RESTORE"})
    void aFailureAtEachProtocolPoint_leavesEveryRecordInTheTableExactlyOnce(FaultInjector.Point point) throws Exception {
        CountsTable table = new CountsTable(postgres, "faults_" + point.name().toLowerCase(Locale.ROOT));

        ThreeFaults.runCounts("postgres-counts-faults", dir.resolve("checkpoints"), 50, point,
                Counts.generator(RECORDS, KEYS, 150_000), "generator", CountsPostgres.sink(table.target()),
                "postgres-sink");

        assertEquals(List.of(), table.problems(RECORDS, KEYS));
        assertEquals(List.of(), table.preparedTransactions(), "transactions left prepared");
    }
}
