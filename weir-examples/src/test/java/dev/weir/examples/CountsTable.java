package dev.weir.examples;

import dev.weir.postgres.server.LocalPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A table of the counts job in a {@link LocalPostgres} server, for the tests of {@code --sink
 * postgres}: the sink's target, the exact check of the committed rows ({@link CountsPostgres#problemsInTable}),
 * and the transactions the server still holds prepared.
 */
record CountsTable(LocalPostgres postgres, String name) {

    /** Where the sink writes: this table, as the server's superuser. */
    CountsPostgres.Target target() {
        return new CountsPostgres.Target(postgres.jdbcUrl(), postgres.user(), postgres.password(), name);
    }

    /** The arguments of {@code counts} that write into this table, the password in {@code passwordVariable}. */
    List<String> arguments(String passwordVariable) {
        return List.of("--sink", "postgres", "--jdbc-url", postgres.jdbcUrl(), "--table", name,
                "--user", postgres.user(), "--password-env", passwordVariable);
    }

    /** The problems found in the committed rows (empty when they are exactly what a complete run writes). */
    List<String> problems(long records, long keys) throws SQLException {
        try (Connection connection = connect()) {
            return CountsPostgres.problemsInTable(connection, name, records, keys);
        }
    }

    /** The ids of every transaction the server holds prepared ({@code pg_prepared_xacts}), of any job. */
    List<String> preparedTransactions() throws SQLException {
        try (Connection connection = connect();
             Statement statement = connection.createStatement();
             ResultSet gids = statement.executeQuery("SELECT gid FROM pg_prepared_xacts ORDER BY gid")) {
            List<String> ids = new ArrayList<>();
            while (gids.next()) {
                ids.add(gids.getString(1));
            }
            return ids;
        }
    }

    /** Runs {@code sql} (e.g. to prepare a table by hand). */
    void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    Connection connect() {
        return CountsPostgres.connect(target());
    }
}
