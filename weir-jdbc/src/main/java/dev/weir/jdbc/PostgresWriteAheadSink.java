package dev.weir.jdbc;

import dev.weir.api.RuntimeContext;
import dev.weir.api.connector.WriteAheadSink;
import dev.weir.api.functions.FunctionInitializationContext;
import dev.weir.api.testing.FaultInjector;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The write-ahead mode of {@link PostgresSink} ({@code setWriteAhead(true)}), for databases that
 * speak PostgreSQL's protocol but have no prepared transactions: upserts only. Each subtask's
 * records of a checkpoint interval are kept in the checkpoint; when it completes they are upserted
 * ({@code INSERT .. ON CONFLICT .. DO UPDATE}, the last row per key of each batch) in one database
 * transaction, then {@link CheckpointTable} records the batch as sent. A crash between the two
 * sends the batch again after the restore, which rewrites the same rows with the same values: the
 * effect is exactly-once per key.
 */
final class PostgresWriteAheadSink<T> extends WriteAheadSink<T> {
    private final PostgresSinkSettings<T> settings;
    private transient String prefix;
    private transient Connection connection;
    private transient TableColumns columns;
    private transient RowValues row;
    private transient boolean firstRowChecked;
    private transient long restoredCheckpointId;
    private final CheckpointTable checkpoints;

    PostgresWriteAheadSink(PostgresSinkSettings<T> settings) {
        this(settings, new Holder());
    }

    private PostgresWriteAheadSink(PostgresSinkSettings<T> settings, Holder holder) {
        this(settings, holder, new CheckpointTable(() -> holder.sink.prefix, () -> holder.sink.connection()));
    }

    private PostgresWriteAheadSink(PostgresSinkSettings<T> settings, Holder holder, CheckpointTable checkpoints) {
        super(checkpoints);
        this.settings = settings;
        this.checkpoints = checkpoints;
        holder.sink = this;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        restoredCheckpointId = context.getRestoredCheckpointId().orElse(0);
        super.initializeState(context);
    }

    /** Lets the committer, made before this object exists, reach it. */
    private static final class Holder {
        PostgresWriteAheadSink<?> sink;
    }

    @Override
    public void open(RuntimeContext context) throws Exception {
        prefix = SinkSetup.prefix(settings, context);
        TransactionIds.check(prefix);
        Connection c = connection();
        if (settings.createTableColumns() != null) {
            StartupChecks.createTableIfAbsent(c, settings);
        }
        CheckpointTable.createIfAbsent(c);
        columns = TableColumns.read(c, settings.table(), settings.columns());
        StartupChecks.checkUpsertKey(c, settings, columns);
        row = new RowValues(settings.columns());
        super.open(context); // sends restored batches not yet recorded as sent
        checkpoints.forgetAfter(context.getTaskInfo().getIndexOfThisSubtask(),
                context.getTaskInfo().getNumberOfParallelSubtasks(), restoredCheckpointId);
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = Connections.open(settings);
            connection.setAutoCommit(true);
        }
        return connection;
    }

    @Override
    protected void sendValues(List<T> values, long checkpointId) throws Exception {
        Connection c = connection();
        try {
            c.setAutoCommit(false);
            InsertBatchWriter writer = new InsertBatchWriter(c, settings.table(), columns, settings.upsertKey(),
                    settings.batchSize());
            for (T value : values) {
                row.clear();
                settings.rowWriter().write(value, row);
                if (!firstRowChecked) {
                    columns.checkKinds(row);
                    firstRowChecked = true;
                }
                if (writer.add(row)) {
                    writer.flush();
                }
            }
            writer.flush();
            c.commit();
            c.setAutoCommit(true);
        } catch (SQLException e) {
            c.close(); // a broken or half-written connection: the next attempt opens a new one
            throw e;
        }
        faultPoint(FaultInjector.Point.MID_COMMIT, checkpointId); // written, not yet recorded as sent
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            if (connection != null) {
                connection.close();
                connection = null;
            }
        }
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
