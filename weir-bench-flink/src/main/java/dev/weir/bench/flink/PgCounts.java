package dev.weir.bench.flink;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcExactlyOnceOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.postgresql.xa.PGXADataSource;

/**
 * The PostgreSQL end of the counts job ({@code pg-counts}): one row {@code (key, count, seq)} per
 * record through Flink's exactly-once JDBC sink (XA: one XA transaction per subtask and checkpoint,
 * prepared at the checkpoint, committed when it completes), configured as the connector's
 * documentation shows for PostgreSQL:
 * <ul>
 *   <li>{@link PGXADataSource} as the XA data source, URL, user and password set on it;</li>
 *   <li>{@code JdbcExecutionOptions} with {@code maxRetries = 0} (the XA sink refuses retries: a
 *       retried batch could be written twice) and otherwise the defaults: batches of
 *       {@value JdbcExecutionOptions#DEFAULT_SIZE} rows, no batch interval (a batch is flushed when
 *       full and at every checkpoint);</li>
 *   <li>{@code JdbcExactlyOnceOptions.withTransactionPerConnection(true)}: PostgreSQL allows one
 *       XA transaction per connection, and the next checkpoint's transaction starts before the
 *       previous one is committed.</li>
 * </ul>
 * The password comes from the caller (the benchmark reads it from {@code PGPASSWORD}); it is never printed.
 */
final class PgCounts {
    /** The column definitions of the counts table: no unique constraint, so a duplicate stays visible. */
    static final String COLUMNS = "key BIGINT, count BIGINT, seq BIGINT";

    private PgCounts() {
    }

    /** generator of seq 0..records-1, key = seq % keys → running count → the XA sink into {@code table} (created when absent). */
    static void define(StreamExecutionEnvironment env, long records, long keys, String jdbcUrl, String user,
                       String password, String table) throws SQLException {
        createTable(jdbcUrl, user, password, table);
        CountsJob.define(env, FlinkBenchmarks.generator(records, 0, seq -> new CountsJob.Event(seq, seq % keys),
                CountsJob.Event.class), "generator", sink(jdbcUrl, user, password, table), "postgres");
    }

    static Sink<CountsJob.Line> sink(String jdbcUrl, String user, String password, String table) {
        return JdbcSink.<CountsJob.Line>builder()
                .withQueryStatement("INSERT INTO " + table + " (key, count, seq) VALUES (?, ?, ?)", (statement, line) -> {
                    statement.setLong(1, line.key());
                    statement.setLong(2, line.count());
                    statement.setLong(3, line.seq());
                })
                .withExecutionOptions(JdbcExecutionOptions.builder().withMaxRetries(0).build())
                .buildExactlyOnce(JdbcExactlyOnceOptions.builder().withTransactionPerConnection(true).build(), () -> {
                    PGXADataSource dataSource = new PGXADataSource();
                    dataSource.setUrl(jdbcUrl);
                    dataSource.setUser(user);
                    dataSource.setPassword(password);
                    return dataSource;
                });
    }

    /** Creates the table when absent (the benchmark driver creates and empties it before each run). */
    static void createTable(String jdbcUrl, String user, String password, String table) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (" + COLUMNS + ")");
        }
    }

    /** The committed rows as lines {@code key,count,seq}, for the counts check. */
    static List<String> committedLines(String jdbcUrl, String user, String password, String table) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT key, count, seq FROM " + table)) {
            while (rows.next()) {
                lines.add(rows.getLong(1) + "," + rows.getLong(2) + "," + rows.getLong(3));
            }
        }
        return lines;
    }
}
