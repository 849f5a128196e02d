package dev.weir.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The proof of commit: every transaction of the exactly-once sink inserts its row into
 * {@value #NAME} before it is prepared, so after a crash "not prepared any more, but its row is
 * there" proves it was committed, and "neither" proves it is lost. Never a guess.
 *
 * <p>Layout: {@code gid} (primary key), {@code prefix}, {@code subtask}, {@code checkpoint_id},
 * {@code token} (the writing run's), {@code written_at}. Rows are only inserted and deleted, each by
 * exactly one transaction, so two transactions of a subtask that are open or prepared at once never
 * wait for each other's row locks: each prunes its own, disjoint range of old checkpoint ids
 * (see {@link #prune}). A row with the same gid left by an earlier job (checkpoint ids start again at
 * 1 after a fresh start) is overwritten by the insert, with the new token.
 */
final class ProgressTable {
    static final String NAME = "weir_sink_transactions";
    /** Proofs kept per subtask: the last this many checkpoint ids, far more than the retained checkpoints can refer to. */
    static final long KEEP_CHECKPOINTS = 1000;

    private ProgressTable() {
    }

    /**
     * Creates the table and its index unless the table exists. Looks first: CREATE INDEX IF NOT EXISTS
     * would wait for the lock of every prepared transaction that wrote the table, and those are
     * committed only after this check.
     */
    static void createIfAbsent(Connection connection) throws SQLException {
        if (exists(connection, NAME)) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + NAME + " (gid text PRIMARY KEY, prefix text NOT NULL, "
                    + "subtask integer NOT NULL, checkpoint_id bigint NOT NULL, token bigint NOT NULL, "
                    + "written_at timestamptz NOT NULL DEFAULT now())");
            s.execute("CREATE INDEX IF NOT EXISTS " + NAME + "_by_checkpoint ON " + NAME + " (prefix, subtask, checkpoint_id)");
        } catch (SQLException e) {
            // Two subtasks creating it at once: one of them loses the race on the catalog; the table is there.
            if (!StartupChecks.createdConcurrently(e)) {
                throw e;
            }
        }
    }

    static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    /** Inside the transaction {@code gid}: its proof of commit. */
    static void insert(Connection connection, String prefix, int subtask, long checkpointId, String gid, long token)
            throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO " + NAME
                + " (gid, prefix, subtask, checkpoint_id, token) VALUES (?, ?, ?, ?, ?) ON CONFLICT (gid) DO UPDATE "
                + "SET token = EXCLUDED.token, checkpoint_id = EXCLUDED.checkpoint_id, written_at = now()")) {
            s.setString(1, gid);
            s.setString(2, prefix);
            s.setInt(3, subtask);
            s.setLong(4, checkpointId);
            s.setLong(5, token);
            s.executeUpdate();
        }
    }

    /**
     * Deletes the proofs of this subtask with checkpoint ids in {@code [from, to)}. The caller gives
     * each transaction of a run its own range, so no two in-flight transactions delete the same row.
     */
    static void prune(Connection connection, String prefix, int subtask, long from, long to) throws SQLException {
        if (from >= to) {
            return;
        }
        try (PreparedStatement s = connection.prepareStatement("DELETE FROM " + NAME
                + " WHERE prefix = ? AND subtask = ? AND checkpoint_id >= ? AND checkpoint_id < ?")) {
            s.setString(1, prefix);
            s.setInt(2, subtask);
            s.setLong(3, from);
            s.setLong(4, to);
            s.executeUpdate();
        }
    }

    /** Whether the transaction {@code gid} of the run with {@code token} committed. */
    static boolean isCommitted(Connection connection, String gid, long token) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT 1 FROM " + NAME + " WHERE gid = ? AND token = ?")) {
            s.setString(1, gid);
            s.setLong(2, token);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }
}
