package dev.weir.jdbc;

import dev.weir.postgres.server.LocalPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain JDBC against the test server: statements, single numbers, prepared transactions. */
final class PgTesting {
    private PgTesting() {
    }

    static Connection connect(LocalPostgres pg) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }

    /** A connection as the sink opens it (batched inserts rewritten, strings typed by the server). */
    static Connection sinkConnection(LocalPostgres pg) throws SQLException {
        return Connections.open(new PostgresSinkSettings<>(pg.jdbcUrl(), pg.user(), pg.password(), "unused",
                List.of("unused"), (v, row) -> { }, null, List.of(), null, 100, null, false));
    }

    static void execute(LocalPostgres pg, String... sql) throws SQLException {
        try (Connection c = connect(pg); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    static long number(LocalPostgres pg, String sql) throws SQLException {
        try (Connection c = connect(pg); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    static List<String> strings(LocalPostgres pg, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = connect(pg); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                values.add(r.getString(1));
            }
        }
        return values;
    }

    /** The gids of all prepared transactions, sorted. */
    static List<String> prepared(LocalPostgres pg) throws SQLException {
        return strings(pg, "SELECT gid FROM pg_prepared_xacts ORDER BY gid");
    }

    /** Leaves a prepared transaction {@code gid} that runs {@code sql} (as a crashed writer would). */
    static void prepare(LocalPostgres pg, String gid, String... sql) throws SQLException {
        try (Connection c = connect(pg)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT 1");
                for (String statement : sql) {
                    s.execute(statement);
                }
                s.execute("PREPARE TRANSACTION '" + gid + "'");
            }
        }
    }

    /** Rows of {@code table} ({@code seq} column): total and distinct, as "total/distinct". */
    static String totalAndDistinct(LocalPostgres pg, String table) throws SQLException {
        return number(pg, "SELECT count(*) FROM " + table) + "/" + number(pg, "SELECT count(DISTINCT seq) FROM " + table);
    }
}
