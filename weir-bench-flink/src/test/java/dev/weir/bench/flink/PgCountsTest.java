package dev.weir.bench.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.postgres.server.LocalPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pg-counts peer: Flink's exactly-once (XA) JDBC sink writes the counts job into a real
 * PostgreSQL (2 subtasks, checkpoints every 200 ms) exactly: every seq once, counts 1..n per key,
 * and no prepared transaction is left behind.
 */
class PgCountsTest {
    private static final long RECORDS = 20_000;
    private static final long KEYS = 100;

    @TempDir
    Path dir;

    @Test
    void theXaSinkWritesEveryRowExactlyOnceAndLeavesNoPreparedTransaction() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.start(Map.of("max_prepared_transactions", "20"))) {
            Configuration config = FlinkBenchmarks.configuration(dir, "hashmap", true, 200);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, config);
            PgCounts.define(env, RECORDS, KEYS, postgres.jdbcUrl(), postgres.user(), postgres.password(), "counts");
            FlinkBenchmarks.execute(env, config, 2, "pg-counts");

            List<String> lines = PgCounts.committedLines(postgres.jdbcUrl(), postgres.user(), postgres.password(),
                    "counts");
            assertEquals(List.of(), CountsCheck.problems(lines, RECORDS, KEYS));
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(),
                    postgres.password());
                 Statement statement = connection.createStatement();
                 ResultSet prepared = statement.executeQuery("SELECT count(*) FROM pg_prepared_xacts")) {
                prepared.next();
                assertEquals(0, prepared.getLong(1), "prepared transactions left behind");
            }
        }
    }
}
