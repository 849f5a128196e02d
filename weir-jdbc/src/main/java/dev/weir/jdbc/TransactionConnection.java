package dev.weir.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One connection of the exactly-once sink and its batch writer: carries one database transaction
 * from its first row to PREPARE TRANSACTION, then is free for the next. Used by one thread at a
 * time (the task thread while the transaction is open, then the thread that prepares it).
 */
final class TransactionConnection implements AutoCloseable {
    final Connection connection;
    final BatchWriter writer;

    /** @param lockTimeoutMs how long a statement may wait for a row lock before it fails (0: for ever) */
    TransactionConnection(PostgresSinkSettings<?> settings, TableColumns columns, long lockTimeoutMs) throws SQLException {
        Connection opened = Connections.open(settings);
        try {
            try (Statement s = opened.createStatement()) {
                s.execute("SET lock_timeout = " + lockTimeoutMs);
            }
            opened.setAutoCommit(false);
            this.writer = settings.upsertKey().isEmpty()
                    ? new CopyBatchWriter(opened, settings.table(), columns, settings.batchSize())
                    : new InsertBatchWriter(opened, settings.table(), columns, settings.upsertKey(), settings.batchSize());
        } catch (SQLException | RuntimeException e) {
            opened.close();
            throw e;
        }
        this.connection = opened;
    }

    /** Flushes the last batch and makes the transaction durable under {@code gid} (the fsync), after its proof row. */
    void prepare(String gid, String prefix, int subtask, long checkpointId, long token, long pruneFrom, long pruneTo)
            throws SQLException {
        writer.flush();
        ProgressTable.insert(connection, prefix, subtask, checkpointId, gid, token);
        ProgressTable.prune(connection, prefix, subtask, pruneFrom, pruneTo);
        try (Statement s = connection.createStatement()) {
            s.execute("PREPARE TRANSACTION " + TransactionIds.literal(gid));
        }
    }

    /** Discards the open transaction, if the connection still works. */
    void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken: the server discards the transaction with it
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a broken connection: nothing left to release
        }
    }
}
