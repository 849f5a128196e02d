package dev.weir.bench;

import dev.weir.examples.CountsCheck;
import dev.weir.postgres.server.LocalPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code pg-counts} rows of {@link SideBySide}: the counts job into PostgreSQL, Weir's exactly-once
 * {@code PostgresSink} ({@link PgCounts}) against Flink's exactly-once JDBC (XA) sink ({@code
 * FlinkBenchmarks pg-counts}), alternating, each run in a fresh JVM and into its own table.
 *
 * <p>One real PostgreSQL 17 ({@link LocalPostgres}, in its own processes on the same machine) serves
 * all runs: {@code max_prepared_transactions} {@value #MAX_PREPARED_TRANSACTIONS}, {@code pg_stat_statements}
 * loaded. Before each run the driver empties the run's table and resets {@code pg_stat_statements};
 * after it, it reads the statements the run executed, checks the table exactly with {@link CountsCheck}
 * (every seq once, counts 1..n per key) and that no prepared transaction is left; a run that fails
 * either check is not counted. The password reaches the child JVMs as {@code PGPASSWORD}, never on
 * their command line.
 *
 * <p>Statements per row: the sum of {@code calls} over all statements {@code pg_stat_statements} recorded
 * during the run (the sink's inserts or COPYs, BEGIN, PREPARE TRANSACTION, COMMIT PREPARED, its progress
 * and recovery queries, table creation; the driver's own queries excluded), divided by the rows. It is
 * not the round trips per row: pgjdbc pipelines a JDBC batch of N executions of a prepared INSERT
 * over a few round trips, which {@code pg_stat_statements} still counts as N calls, and a COPY is one
 * call however many rows it carries.
 */
final class PgCountsComparison {
    static final int MAX_PREPARED_TRANSACTIONS = 100;
    static final long KEYS = 1000;

    private PgCountsComparison() {
    }

    /** The workload (its command per system) for the runs into {@code postgres}. */
    static SideBySide.Workload workload(LocalPostgres postgres, long records, List<String> weir, List<String> flink) {
        List<String> arguments = List.of("pg-counts", "--records", Long.toString(records), "--keys", Long.toString(KEYS),
                "--checkpoint-interval-ms", "1000", "--jdbc-url", postgres.jdbcUrl(), "--user", postgres.user(),
                "--table");
        return new SideBySide.Workload("pg-counts", description(records), Map.of(
                "weir", i -> concat(weir, arguments, table("weir")),
                "flink", i -> concat(flink, arguments, table("flink"))));
    }

    /** Starts the server, runs the pairs, and returns the runs (figures completed by the driver's checks). */
    static List<SideBySide.Run> runPairs(List<String> weir, List<String> flink, long records, int pairs)
            throws IOException, InterruptedException, SQLException {
        try (LocalPostgres postgres = LocalPostgres.start(Map.of(
                "max_prepared_transactions", Integer.toString(MAX_PREPARED_TRANSACTIONS),
                "shared_preload_libraries", "pg_stat_statements"))) {
            SideBySide.Workload workload = workload(postgres, records, weir, flink);
            try (Connection connection = connect(postgres); Statement statement = connection.createStatement()) {
                statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                for (String system : List.of("weir", "flink")) {
                    statement.execute("CREATE TABLE IF NOT EXISTS " + table(system) + " (" + dev.weir.examples.CountsPostgres.COLUMNS + ")");
                }
            }
            List<SideBySide.Run> runs = new ArrayList<>();
            for (int pair = 0; pair < pairs; pair++) {
                for (String system : List.of("weir", "flink")) {
                    SideBySide.Run run = runOne(postgres, system, workload.systems().get(system).apply(pair), records);
                    if (run != null) {
                        runs.add(run);
                    }
                }
            }
            return runs;
        }
    }

    private static SideBySide.Run runOne(LocalPostgres postgres, String system, List<String> command, long records)
            throws IOException, InterruptedException, SQLException {
        String table = table(system);
        try (Connection connection = connect(postgres); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE " + table);
            statement.execute("SELECT pg_stat_statements_reset()");
        }
        SideBySide.Run run = SideBySide.run(system, command, Map.of("PGPASSWORD", postgres.password()));
        if (run == null) {
            return null;
        }
        try (Connection connection = connect(postgres); Statement statement = connection.createStatement()) {
            long calls = 0;
            StringBuilder top = new StringBuilder();
            try (ResultSet statements = statement.executeQuery("SELECT calls, rows, query FROM pg_stat_statements "
                    + "WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY calls DESC")) {
                while (statements.next()) {
                    calls += statements.getLong(1);
                    if (top.length() < 300) {
                        String query = statements.getString(3).replaceAll("\\s+", " ");
                        top.append(top.length() == 0 ? "" : "; ").append(statements.getLong(1)).append("× ")
                                .append(query.length() > 60 ? query.substring(0, 60) + "…" : query);
                    }
                }
            }
            List<String> problems = new ArrayList<>(CountsCheck.problems(lines(statement, table), records, KEYS));
            try (ResultSet prepared = statement.executeQuery("SELECT count(*) FROM pg_prepared_xacts")) {
                prepared.next();
                if (prepared.getLong(1) > 0) {
                    problems.add(prepared.getLong(1) + " prepared transactions left behind");
                }
            }
            run.figures().put("pg_statements", Long.toString(calls));
            run.figures().put("pg_statements_per_row", String.format(Locale.ROOT, "%.6f", (double) calls / records));
            run.figures().put("pg_top_statements", top.toString());
            run.figures().put("verified", problems.isEmpty() + (problems.isEmpty() ? "" : " " + problems));
            System.out.printf(Locale.ROOT, "pg-counts %-6s statements per row %.6f, verified=%s; top: %s%n", system,
                    (double) calls / records, run.figures().get("verified"), top);
            if (!problems.isEmpty()) {
                System.err.println("side-by-side: pg-counts " + system + " wrote a wrong table, not counted: " + problems);
                return null;
            }
        }
        return run;
    }

    /** The table's rows as lines {@code key,count,seq}, read in the order they are stored. */
    private static List<String> lines(Statement statement, String table) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT key, count, seq FROM " + table)) {
            while (rows.next()) {
                lines.add(rows.getLong(1) + "," + rows.getLong(2) + "," + rows.getLong(3));
            }
        }
        return lines;
    }

    /** The note under the table: each system's statements per row, and its most frequent statements. */
    static String note(List<SideBySide.Run> runs) {
        StringBuilder note = new StringBuilder("- pg-counts: PostgreSQL statements executed per row "
                + "(`pg_stat_statements` calls of the run / rows, median; every INSERT of a JDBC batch counts as a "
                + "call, though pgjdbc pipelines a batch over far fewer round trips): ");
        for (String system : List.of("weir", "flink")) {
            boolean ran = runs.stream().anyMatch(r -> r.system().equals(system));
            note.append(system).append(' ').append(ran ? String.format(Locale.ROOT, "%.6f",
                    SideBySide.median(runs, system, "pg_statements_per_row")) : "– (no run counted)")
                    .append(system.equals("weir") ? ", " : ". ");
        }
        note.append("Most frequent statements in the last run of each: ");
        for (String system : List.of("weir", "flink")) {
            runs.stream().filter(r -> r.system().equals(system)).reduce((a, b) -> b).ifPresent(r -> note.append(system)
                    .append(": ").append(r.figures().get("pg_top_statements")).append(system.equals("weir") ? " / " : ""));
        }
        return note.toString().trim();
    }

    /** What the workload is, for the list under the table. */
    static String description(long records) {
        return String.format(Locale.ROOT, "generator (%,d records, %,d keys) → "
                + "keyBy → running count → one row (key, count, seq) per record into PostgreSQL 17 (on the same "
                + "machine, `LocalPostgres`), exactly-once, checkpoints every 1 s: Weir's `PostgresSink` (PREPARE "
                + "TRANSACTION / COMMIT PREPARED, its default batch size) against Flink's `JdbcSink.buildExactlyOnce` "
                + "(flink-connector-jdbc-core 4.0.0-2.0 on Flink 2.3: XA through `PGXADataSource`, "
                + "`withTransactionPerConnection(true)`, `JdbcExecutionOptions` with `maxRetries(0)` and the default "
                + "batches of 5,000 rows), each into its own table (no unique constraint), emptied before the run and "
                + "checked exactly after it (`CountsCheck`, and no prepared transaction left)", records, KEYS);
    }

    /** Each system's own table. */
    private static String table(String system) {
        return system + "_counts";
    }

    private static Connection connect(LocalPostgres postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }

    private static List<String> concat(List<String> base, List<String> arguments, String table) {
        List<String> all = new ArrayList<>(base);
        all.addAll(arguments);
        all.add(table);
        return all;
    }
}
