package dev.weir.jdbc;

import java.sql.SQLException;

/**
 * Buffers rows of one connection's transaction and writes them in one round trip per batch. Used
 * by one thread at a time: the task thread while the transaction is open, then the thread that
 * prepares it.
 */
interface BatchWriter {

    /** Takes the row's values (the row is reused afterwards); returns whether the batch is full and should be flushed. */
    boolean add(RowValues row) throws SQLException;

    /** Writes the buffered rows into the connection's transaction (nothing if none). */
    void flush() throws SQLException;

    /** Rows buffered since the last flush. */
    int buffered();
}
