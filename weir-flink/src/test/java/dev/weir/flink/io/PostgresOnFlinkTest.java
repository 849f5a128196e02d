package dev.weir.flink.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.examples.CountsPostgres;
import dev.weir.postgres.server.LocalPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weir's PostgresSink (PREPARE TRANSACTION at the barrier, COMMIT PREPARED on completion) on Flink's MiniCluster
 * against a real PostgreSQL, with a task failure mid-run: the table holds every count exactly once.
 */
class PostgresOnFlinkTest {

    private static final long RECORDS = 6_000;
    private static final long KEYS = 7;

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
    void aTaskFailureMidRunLeavesTheCommittedTableExact() throws Exception {
        Path flag = dir.resolve("failed");
        CountsPostgres.Target target = new CountsPostgres.Target(postgres.jdbcUrl(), postgres.user(),
                postgres.password(), "flink_counts");

        CountsOnFlinkProgram.main(new String[]{"generator", "postgres=" + target.table() + "=" + target.user() + "="
                + target.password() + "=" + target.jdbcUrl(), Long.toString(RECORDS), Long.toString(KEYS), "1200",
                "1800", flag.toString()});

        assertTrue(Files.exists(flag), "the job failed once mid-run");
        assertTrue(Files.exists(Path.of(flag + ".restored")), "the job restored from a checkpoint");
        try (Connection connection = CountsPostgres.connect(target)) {
            assertEquals(List.of(), CountsPostgres.problemsInTable(connection, target.table(), RECORDS, KEYS));
        }
    }
}
