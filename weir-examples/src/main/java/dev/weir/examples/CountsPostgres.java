package dev.weir.examples;

import dev.weir.api.connector.DeliveryGuarantee;
import dev.weir.jdbc.PostgresSink;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The PostgreSQL end of {@link Counts}: one row {@code (key, count, seq)} of BIGINTs per line,
 * appended through the exactly-once {@link PostgresSink} (a transaction per subtask and checkpoint,
 * prepared at the checkpoint and committed when it completes); the table is created when absent,
 * without a unique constraint, so that a duplicate would show. Also what the command checks before
 * it starts (the server answers, the password is right, a fresh start finds the table empty), and
 * {@link #problemsInTable} to check the table exactly with {@link CountsCheck}.
 */
public final class CountsPostgres {
    /** The columns of the table, in the order the sink writes them. */
    public static final String COLUMNS = "key BIGINT, count BIGINT, seq BIGINT";
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&]password=)[^&]*");

    private CountsPostgres() {
    }

    /**
     * Where the rows go. {@link #toString()} and {@link #describe()} never show the password
     * (neither {@code password} nor a {@code password=} parameter of the URL).
     */
    public record Target(String jdbcUrl, String user, String password, String table) {
        /** {@code table NAME at URL}, for the messages of the command. */
        public String describe() {
            return "table " + table + " at " + withoutPassword(jdbcUrl);
        }

        @Override
        public String toString() {
            return describe() + " as user " + user;
        }
    }

    /**
     * The exactly-once sink into {@code target}'s table. Its transaction ids start with
     * {@link #transactionIdPrefix}, so a run on the same table resumes (commits or rolls back) the
     * prepared transactions another run left.
     */
    public static PostgresSink<Counts.Line> sink(Target target) {
        return PostgresSink.<Counts.Line>builder()
                .setJdbcUrl(target.jdbcUrl())
                .setUsername(target.user())
                .setPassword(target.password())
                .setTable(target.table())
                .setColumns("key", "count", "seq")
                .setRowWriter((line, row) -> row.setLong(0, line.key()).setLong(1, line.count()).setLong(2, line.seq()))
                .setCreateTableIfAbsent(COLUMNS)
                .setTransactionIdPrefix(transactionIdPrefix(target.table()))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .build();
    }

    /** {@code counts-<table>}: derived from the table alone, so every run on a table shares it. */
    public static String transactionIdPrefix(String table) {
        return "counts-" + table;
    }

    /**
     * The password in the environment variable {@code variable}.
     *
     * @throws IllegalArgumentException naming the variable when it is unset or empty
     */
    public static String password(String variable) {
        String password = System.getenv(variable);
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("environment variable " + variable + " (named by --password-env) is "
                    + (password == null ? "not set" : "empty") + ": set it to the database user's password");
        }
        return password;
    }

    /**
     * Checks, before the job starts, that the server answers and takes the user and password; on a
     * fresh start ({@code fresh}) also that the table, if it exists, holds no rows (they would mix
     * with this run's rows, as committed files of an earlier run would).
     *
     * @throws IllegalArgumentException naming the URL, user or table and saying what to do
     */
    public static void checkBeforeStart(Target target, boolean fresh) {
        try (Connection connection = connect(target)) {
            if (fresh && holdsRows(connection, target.table())) {
                throw new IllegalArgumentException(target.describe() + " already holds rows: resume the run that "
                        + "wrote them with --restore latest (and its --checkpoint-dir), or choose another --table, "
                        + "or empty it (TRUNCATE " + target.table() + ")");
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException("cannot read " + target.describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens a connection to {@code target}'s server.
     *
     * @throws IllegalArgumentException naming the URL (and, for a refused login, the user): the
     *                                  server does not answer, or refuses the user or password
     */
    public static Connection connect(Target target) {
        Properties properties = new Properties();
        properties.setProperty("user", target.user());
        if (target.password() != null) {
            properties.setProperty("password", target.password());
        }
        properties.setProperty("connectTimeout", "10");
        String url = withoutPassword(target.jdbcUrl());
        try {
            return DriverManager.getConnection(target.jdbcUrl(), properties);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.equals("28P01") || state.equals("28000")) { // invalid_password, invalid_authorization
                throw new IllegalArgumentException("PostgreSQL at " + url + " refused user " + target.user()
                        + " (" + e.getMessage() + "): check --user and the password in --password-env", e);
            }
            if (state.startsWith("08")) { // connection exception
                throw new IllegalArgumentException("cannot connect to PostgreSQL at " + url + " (--jdbc-url): "
                        + e.getMessage() + " (is the server running, and listening there?)", e);
            }
            throw new IllegalArgumentException("cannot connect to PostgreSQL at " + url + " as user " + target.user()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code table} exists and holds at least one row. */
    static boolean holdsRows(Connection connection, String table) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            exists.setString(1, table);
            try (ResultSet result = exists.executeQuery()) {
                result.next();
                if (!result.getBoolean(1)) {
                    return false;
                }
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet any = statement.executeQuery("SELECT 1 FROM " + table + " LIMIT 1")) {
            return any.next();
        }
    }

    /**
     * The problems found in the rows of {@code table} (empty when it holds exactly what a complete
     * run over {@code records} records and {@code keys} keys writes). Reads the committed rows only.
     */
    public static List<String> problemsInTable(Connection connection, String table, long records, long keys)
            throws SQLException {
        CountsCheck check = new CountsCheck(records, keys);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // a cursor: the rows stream instead of filling the heap
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(10_000);
            try (ResultSet rows = statement.executeQuery("SELECT key, count, seq FROM " + table)) {
                while (rows.next()) {
                    check.add(rows.getLong(1), rows.getLong(2), rows.getLong(3));
                }
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
        return check.problems();
    }

    /** The URL with the value of a {@code password=} parameter replaced by {@code ***}. */
    static String withoutPassword(String jdbcUrl) {
        return PASSWORD_PARAMETER.matcher(jdbcUrl).replaceAll("$1***");
    }
}
