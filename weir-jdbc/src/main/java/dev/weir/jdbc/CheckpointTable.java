package dev.weir.jdbc;

import dev.weir.api.connector.WriteAheadSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;

/**
 * The write-ahead mode's {@link WriteAheadSink.CheckpointCommitter}: table {@value #NAME} holds one
 * row {@code (prefix, subtask, checkpoint_id)} per batch sent. Rows older than the last
 * {@link ProgressTable#KEEP_CHECKPOINTS} checkpoints of a subtask are deleted as new ones arrive.
 */
final class CheckpointTable implements WriteAheadSink.CheckpointCommitter {
    static final String NAME = "weir_sink_checkpoints";

    private final Supplier<String> prefix;
    private final ConnectionSource connections;

    /** The connection to use now (opened in the sink's {@code open}, reopened after failures). */
    interface ConnectionSource {
        Connection get() throws SQLException;
    }

    CheckpointTable(Supplier<String> prefix, ConnectionSource connections) {
        this.prefix = prefix;
        this.connections = connections;
    }

    static void createIfAbsent(Connection connection) throws SQLException {
        if (ProgressTable.exists(connection, NAME)) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + NAME + " (prefix text NOT NULL, subtask integer NOT NULL, "
                    + "checkpoint_id bigint NOT NULL, written_at timestamptz NOT NULL DEFAULT now(), "
                    + "PRIMARY KEY (prefix, subtask, checkpoint_id))");
        } catch (SQLException e) {
            if (!StartupChecks.createdConcurrently(e)) {
                throw e;
            }
        }
    }

    /**
     * Forgets the batches of this subtask's share (old subtask {@code i % parallelism == subtask})
     * recorded for checkpoints after {@code restoredCheckpointId} (all on a fresh start, 0): no
     * restore of this run needs them, and a run whose checkpoint ids start again (new checkpoint
     * storage) must not take its own batches for sent.
     */
    void forgetAfter(int subtask, int parallelism, long restoredCheckpointId) throws SQLException {
        try (PreparedStatement s = connections.get().prepareStatement("DELETE FROM " + NAME
                + " WHERE prefix = ? AND subtask % ? = ? AND checkpoint_id > ?")) {
            s.setString(1, prefix.get());
            s.setInt(2, parallelism);
            s.setInt(3, subtask);
            s.setLong(4, restoredCheckpointId);
            s.executeUpdate();
        }
    }

    @Override
    public boolean isCommitted(int subtask, long checkpointId) throws SQLException {
        try (PreparedStatement s = connections.get().prepareStatement("SELECT 1 FROM " + NAME
                + " WHERE prefix = ? AND subtask = ? AND checkpoint_id = ?")) {
            s.setString(1, prefix.get());
            s.setInt(2, subtask);
            s.setLong(3, checkpointId);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    @Override
    public void markCommitted(int subtask, long checkpointId) throws SQLException {
        Connection connection = connections.get();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + NAME
                + " (prefix, subtask, checkpoint_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
             PreparedStatement prune = connection.prepareStatement("DELETE FROM " + NAME
                     + " WHERE prefix = ? AND subtask = ? AND checkpoint_id < ?")) {
            insert.setString(1, prefix.get());
            insert.setInt(2, subtask);
            insert.setLong(3, checkpointId);
            insert.executeUpdate();
            prune.setString(1, prefix.get());
            prune.setInt(2, subtask);
            prune.setLong(3, checkpointId - ProgressTable.KEEP_CHECKPOINTS);
            prune.executeUpdate();
        }
    }
}
