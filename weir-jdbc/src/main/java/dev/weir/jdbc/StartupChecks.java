package dev.weir.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;

/**
 * What the sink checks (and creates) when a subtask opens, before it writes anything: each check
 * fails with a message that names the setting, table or column and says what to do.
 */
final class StartupChecks {
    private StartupChecks() {
    }

    /**
     * Refuses a server whose {@code max_prepared_transactions} is too small for the prepared
     * transactions the sink can hold at once: per subtask one per checkpoint in flight plus one whose
     * commit is still on its way.
     */
    static void checkPreparedTransactions(Connection connection, String jdbcUrl, int parallelism, int maxConcurrentCheckpoints)
            throws SQLException {
        int available;
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SHOW max_prepared_transactions")) {
            r.next();
            available = Integer.parseInt(r.getString(1).trim());
        }
        int needed = parallelism * (Math.max(1, maxConcurrentCheckpoints) + 1);
        if (available == 0) {
            throw new IllegalStateException("PostgresSink: the PostgreSQL server at " + jdbcUrl + " has "
                    + "max_prepared_transactions = 0, so PREPARE TRANSACTION is disabled and the sink cannot be "
                    + "exactly-once: set max_prepared_transactions to at least " + needed + " (parallelism " + parallelism
                    + " x (max concurrent checkpoints " + Math.max(1, maxConcurrentCheckpoints) + " + 1)) in postgresql.conf "
                    + "and restart the server; for a database without prepared transactions use upserts with "
                    + "setWriteAhead(true)");
        }
        if (available < needed) {
            throw new IllegalStateException("PostgresSink: the PostgreSQL server at " + jdbcUrl + " has "
                    + "max_prepared_transactions = " + available + ", fewer than the " + needed + " the sink may hold "
                    + "prepared at once (parallelism " + parallelism + " x (max concurrent checkpoints "
                    + Math.max(1, maxConcurrentCheckpoints) + " + 1)): raise max_prepared_transactions to at least " + needed
                    + " in postgresql.conf (plus what other clients prepare) and restart the server, or lower the "
                    + "sink's parallelism");
        }
    }

    /** {@code CREATE TABLE IF NOT EXISTS} with the user's column definitions; with upsert keys, a primary key on them. */
    static void createTableIfAbsent(Connection connection, PostgresSinkSettings<?> settings) throws SQLException {
        if (ProgressTable.exists(connection, settings.table())) {
            return; // not even IF NOT EXISTS: no lock is taken on a table that prepared transactions hold
        }
        String key = settings.upsertKey().isEmpty() ? "" : ", PRIMARY KEY (" + String.join(", ", settings.upsertKey()) + ")";
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + settings.table() + " (" + settings.createTableColumns() + key + ")");
        } catch (SQLException e) {
            if (createdConcurrently(e)) {
                return; // another subtask created it at the same moment
            }
            throw new SQLException("PostgresSink: cannot create table " + settings.table() + " from setCreateTableIfAbsent(\""
                    + settings.createTableColumns() + "\")" + key + ": " + e.getMessage(), e.getSQLState(), e);
        }
    }

    /**
     * Whether a CREATE failed because another subtask created the same object at the same moment
     * (IF NOT EXISTS does not cover the race: a duplicate key in the catalog, or the table's row type
     * already there).
     */
    static boolean createdConcurrently(SQLException e) {
        String state = e.getSQLState();
        return "23505".equals(state) || "42P07".equals(state) || "42710".equals(state);
    }

    /** Plans the upsert once: PostgreSQL refuses it if no unique index or primary key covers the key columns. */
    static void checkUpsertKey(Connection connection, PostgresSinkSettings<?> settings, TableColumns columns)
            throws SQLException {
        String sql = InsertBatchWriter.sql(settings.table(), columns, settings.upsertKey());
        try (PreparedStatement s = connection.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 1; i <= columns.size(); i++) {
                s.setNull(i, Types.NULL);
            }
            s.execute();
        } catch (SQLException e) {
            if ("42P10".equals(e.getSQLState())) {
                throw new IllegalStateException("PostgresSink: upsert key (" + String.join(", ", settings.upsertKey())
                        + ") of table " + settings.table() + " has no primary key or unique index on exactly these columns, "
                        + "which INSERT .. ON CONFLICT needs: add one (ALTER TABLE " + settings.table()
                        + " ADD PRIMARY KEY (" + String.join(", ", settings.upsertKey()) + ")) or fix setUpsertKey");
            }
            throw e;
        }
    }
}
