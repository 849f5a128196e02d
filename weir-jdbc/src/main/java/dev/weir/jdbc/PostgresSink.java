package dev.weir.jdbc;

import dev.weir.api.connector.Sink;
import dev.weir.api.spi.DelegatingSink;

/**
 * Writes records as rows of a PostgreSQL table, exactly once. Build one with {@link #builder()}
 * and pass it to {@code stream.sinkTo(sink)}:
 *
 * <pre>{@code
 * PostgresSink<Line> sink = PostgresSink.<Line>builder()
 *         .setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/postgres")
 *         .setUsername("weir")
 *         .setPassword(System.getenv("PGPASSWORD"))
 *         .setTable("counts")
 *         .setColumns("key", "count", "seq")
 *         .setRowWriter((line, row) -> row.setLong(0, line.key()).setLong(1, line.count()).setLong(2, line.seq()))
 *         .build();
 * }</pre>
 *
 * <p><b>Exactly-once</b> (the default): per subtask and checkpoint one database transaction. Rows
 * are buffered and sent in batches of {@code setBatchSize} rows, one round trip each ({@code COPY} in
 * append mode, batched {@code INSERT .. ON CONFLICT} in upsert mode). At the checkpoint barrier the
 * transaction is handed over; before the checkpoint is acknowledged, off the task thread, its last
 * batch and a row of the progress table {@code weir_sink_transactions} are written and it is
 * {@code PREPARE}d under gid {@code <prefix>:<subtask>:<checkpoint id>} (meanwhile records flow
 * into the next transaction on another connection). When the checkpoint completes it is committed
 * with {@code COMMIT PREPARED}: rows become visible at the pace of checkpoints. Needs
 * {@code max_prepared_transactions} of at least parallelism × (max concurrent checkpoints + 1). In
 * upsert mode all rows of a key must reach the same subtask (see {@link PostgresSinkBuilder#setUpsertKey}).
 *
 * <p><b>Failure and restart.</b> A restore commits the prepared transactions its checkpoint lists;
 * one that is no longer prepared counts as committed only if its progress row is there, otherwise
 * the job fails with a data-loss error naming it. Prepared transactions of the prefix that the
 * checkpoint does not list (from checkpoints that never completed, or a crash before the first) are
 * rolled back; old subtask {@code i}'s belong to new subtask {@code i % parallelism}. Other prefixes
 * are never touched: the prefix must be unique per job and sink (default
 * {@code <job name>-<sink uid>}; set a uid on the sink, or {@link PostgresSinkBuilder#setTransactionIdPrefix}).
 * A server that cannot be reached or restarts fails the subtask; the job's restart strategy applies,
 * and commits are retried. Without checkpointing a bounded job's rows are committed at its end.
 *
 * <p><b>Write-ahead upserts</b> ({@link PostgresSinkBuilder#setWriteAhead}), for databases
 * without prepared transactions: see there for what it guarantees.
 *
 * <p>Checks at start (before any row is written), each naming what is wrong: the server's
 * {@code max_prepared_transactions}, the table, each column, the upsert key's unique index, the
 * password (never shown), the server's reachability; at the first row, each column's setter against
 * the column's declared type.
 *
 * <p>Each subtask works on its own copy; everything runs on the subtask's thread except the
 * {@code PREPARE}, which runs in Weir's snapshot work before the checkpoint is acknowledged. The
 * password never appears in messages, logs, {@code toString()} or checkpoints (they hold only gids).
 *
 * @param <T> record type
 */
public final class PostgresSink<T> extends DelegatingSink<T> {

    /**
     * Fills one row from one record: set each column with the {@link Row} setter of its type. Called
     * on the subtask's thread for every record (in write-ahead mode when the checkpoint completes).
     */
    @FunctionalInterface
    public interface RowWriter<T> {
        void write(T value, Row row) throws Exception;
    }

    /**
     * The row being written, reused for every record: {@code column} is the index into the
     * builder's {@code setColumns}; a column not set is NULL. Valid only during
     * {@link RowWriter#write}. The setter must fit the column's declared type (setString into a
     * BIGINT column fails at the first row, naming table and column); setObject writes numbers and
     * booleans as their type, {@code byte[]} as bytea, anything else as its {@code toString()}.
     */
    public interface Row {
        Row setLong(int column, long value);

        Row setInt(int column, int value);

        Row setDouble(int column, double value);

        /** A null value is NULL. */
        Row setString(int column, String value);

        Row setBoolean(int column, boolean value);

        Row setNull(int column);

        Row setObject(int column, Object value);
    }

    private final PostgresSinkSettings<T> settings;

    PostgresSink(PostgresSinkSettings<T> settings) {
        this.settings = settings;
    }

    public static <T> PostgresSinkBuilder<T> builder() {
        return new PostgresSinkBuilder<>();
    }

    /** The subtask's writer for the mode: prepared transactions, or write-ahead upserts. */
    @Override
    protected Sink<T> createWriter() {
        return settings.writeAhead() ? new PostgresWriteAheadSink<>(settings) : new PostgresTransactionalSink<>(settings);
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
