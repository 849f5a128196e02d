package dev.weir.jdbc;

import dev.weir.api.RuntimeContext;
import dev.weir.api.connector.TransactionLostException;
import dev.weir.api.connector.TwoPhaseCommitSink;
import dev.weir.api.testing.FaultInjector;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once PostgreSQL sink: a {@link TwoPhaseCommitSink} whose transactions are database
 * transactions ended with {@code PREPARE TRANSACTION} and made visible with {@code COMMIT PREPARED}.
 *
 * <ul>
 *   <li><b>begin</b>: take a free {@link TransactionConnection} (or open one); rows go into its
 *       transaction in batches, one round trip each.</li>
 *   <li><b>pre-commit</b> at the barrier (task thread): hand the connection over under gid
 *       {@code <prefix>:<subtask>:<checkpoint>}; the next transaction begins on another connection.</li>
 *   <li><b>make durable</b> (off the task thread, before the checkpoint is acknowledged): flush the
 *       last batch, insert the transaction's proof into the {@link ProgressTable}, prune old proofs,
 *       {@code PREPARE TRANSACTION}; the connection is free again.</li>
 *   <li><b>commit</b> when the checkpoint completes: {@code COMMIT PREPARED} on a separate
 *       autocommit connection. If PostgreSQL no longer has the prepared transaction, its proof row
 *       (with this run's token) says it committed; without one the rows are lost:
 *       {@link TransactionLostException}.</li>
 *   <li><b>recover</b>: commit the restored pending transactions, then {@code ROLLBACK PREPARED}
 *       every prepared transaction of the prefix in this subtask's share that the checkpoint does
 *       not list. An open transaction of a dead process ended with its connection.</li>
 * </ul>
 * An interval without rows prepares nothing.
 */
final class PostgresTransactionalSink<T> extends TwoPhaseCommitSink<T, PostgresTransaction> {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresTransactionalSink.class);
    private static final String UNDEFINED_OBJECT = "42704";

    private final PostgresSinkSettings<T> settings;
    private transient TransactionIds ids;
    private transient int subtask;
    private transient long token;
    private transient TableColumns columns;
    private transient RowValues row;
    private transient boolean firstRowChecked;
    /** Autocommit connection for COMMIT/ROLLBACK PREPARED and lookups; reopened after a failure. */
    private transient Connection committer;
    private transient ConcurrentLinkedDeque<TransactionConnection> free;
    /** Pre-committed, not yet prepared: handed to {@link #makeDurable} by gid. */
    private transient Map<String, Handover> awaitingPrepare;
    private transient TransactionConnection current;
    private transient long rowsInCurrent;
    /** Proofs below this checkpoint id were pruned by an earlier transaction of this run. */
    private transient long prunedBelow;
    /** Pre-committed transactions with rows, not yet committed (task thread only). */
    private transient Set<String> uncommitted;
    /** Set by {@link #close}: a prepare that finishes afterwards closes its connection instead of keeping it. */
    private transient volatile boolean closed;
    /** Longest wait for a row lock: the checkpoint timeout (a longer wait cannot end well). */
    private transient long lockTimeoutMs;

    /** What {@link #makeDurable} needs to prepare a pre-committed transaction. */
    private record Handover(TransactionConnection connection, long checkpointId, long pruneFrom, long pruneTo) {
    }

    PostgresTransactionalSink(PostgresSinkSettings<T> settings) {
        this.settings = settings;
    }

    @Override
    public void open(RuntimeContext context) throws Exception {
        subtask = context.getTaskInfo().getIndexOfThisSubtask();
        int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
        ids = new TransactionIds(SinkSetup.prefix(settings, context));
        token = new SecureRandom().nextLong();
        free = new ConcurrentLinkedDeque<>();
        awaitingPrepare = new ConcurrentHashMap<>();
        uncommitted = new HashSet<>();
        lockTimeoutMs = context.isCheckpointingEnabled() ? context.getCheckpointTimeout().toMillis() : 0;
        Connection connection = committer();
        StartupChecks.checkPreparedTransactions(connection, settings.jdbcUrl(), parallelism,
                SinkSetup.maxConcurrentCheckpoints(context));
        if (settings.createTableColumns() != null) {
            StartupChecks.createTableIfAbsent(connection, settings);
        }
        ProgressTable.createIfAbsent(connection);
        columns = TableColumns.read(connection, settings.table(), settings.columns());
        if (!settings.upsertKey().isEmpty()) {
            StartupChecks.checkUpsertKey(connection, settings, columns);
        }
        row = new RowValues(settings.columns());
        super.open(context); // commits the restored pending transactions, rolls back leftovers, begins
    }

    private Connection committer() throws SQLException {
        if (committer == null) {
            committer = Connections.open(settings);
            committer.setAutoCommit(true);
        }
        return committer;
    }

    /** After a failed statement the connection may be broken (server restarted): open a new one next time. */
    private void dropCommitter() {
        if (committer != null) {
            try {
                committer.close();
            } catch (SQLException ignored) {
                // already broken
            }
            committer = null;
        }
    }

    @Override
    protected void abortLeftovers(Collection<PostgresTransaction> pendingInCheckpoint, int subtaskIndex, int parallelism)
            throws SQLException {
        Set<String> pending = new HashSet<>();
        pendingInCheckpoint.forEach(t -> pending.add(t.gid()));
        List<String> leftovers = new ArrayList<>();
        try (PreparedStatement s = committer().prepareStatement("SELECT gid FROM pg_prepared_xacts "
                + "WHERE database = current_database() AND starts_with(gid, ?)")) {
            s.setString(1, ids.prefix());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String gid = r.getString(1);
                    int old = ids.subtaskOf(gid);
                    if (old >= 0 && old % parallelism == subtaskIndex && !pending.contains(gid)) {
                        leftovers.add(gid);
                    }
                }
            }
        }
        for (String gid : leftovers) {
            try (Statement s = committer().createStatement()) {
                s.execute("ROLLBACK PREPARED " + TransactionIds.literal(gid));
                LOG.info("PostgresSink {}: rolled back prepared transaction {}, left by an earlier run and not in the "
                        + "restored checkpoint", settings.table(), gid);
            } catch (SQLException e) {
                if (!UNDEFINED_OBJECT.equals(e.getSQLState())) { // gone meanwhile: nothing to do
                    throw e;
                }
            }
        }
    }

    @Override
    protected PostgresTransaction beginTransaction() throws SQLException {
        TransactionConnection next = free.poll();
        current = next != null ? next : new TransactionConnection(settings, columns, lockTimeoutMs);
        rowsInCurrent = 0;
        return new PostgresTransaction(null, token, false);
    }

    @Override
    protected void write(PostgresTransaction transaction, T value) throws Exception {
        row.clear();
        settings.rowWriter().write(value, row);
        if (!firstRowChecked) {
            columns.checkKinds(row);
            firstRowChecked = true;
        }
        rowsInCurrent++;
        if (current.writer.add(row) && mayFlush()) {
            try {
                current.writer.flush();
            } catch (SQLException e) {
                throw explained(e);
            }
        }
    }

    /** A lock wait that timed out: in upsert mode, most likely the same key from several subtasks. */
    private Exception explained(SQLException e) {
        if (!"55P03".equals(e.getSQLState())) {
            return e;
        }
        return new IllegalStateException("PostgresSink: a write into table " + settings.table() + " waited longer than "
                + "the checkpoint timeout (" + lockTimeoutMs + " ms) for a row lock held by another transaction. "
                + (settings.upsertKey().isEmpty() ? "Does the table have a unique constraint that rows of several "
                + "subtasks share?" : "Rows of the same upsert key (" + String.join(", ", settings.upsertKey()) + ") "
                + "must all reach the same sink subtask: a prepared transaction of one subtask keeps its keys locked "
                + "until its checkpoint completes, which waits for the others. Key the stream by the upsert key "
                + "before the sink (keyBy), or run the sink with parallelism 1"), e);
    }

    /**
     * Upserts wait while an earlier transaction of this subtask is not committed: it holds the row
     * locks of its keys until COMMIT PREPARED, which this thread sends, so writing the same key now
     * would wait for ever. The batch writer keeps the last row per key meanwhile, so what waits is
     * bounded by the keys written; PREPARE (off this thread) sends it.
     */
    private boolean mayFlush() {
        return settings.upsertKey().isEmpty() || uncommitted.isEmpty();
    }

    @Override
    protected PostgresTransaction preCommit(PostgresTransaction transaction, long checkpointId) {
        String gid = ids.gid(subtask, checkpointId);
        if (rowsInCurrent == 0) {
            free.push(current); // nothing was sent: no transaction is open on it
            current = null;
            return new PostgresTransaction(gid, token, false);
        }
        long pruneTo = checkpointId - ProgressTable.KEEP_CHECKPOINTS;
        awaitingPrepare.put(gid, new Handover(current, checkpointId, prunedBelow, pruneTo));
        uncommitted.add(gid);
        prunedBelow = Math.max(prunedBelow, pruneTo);
        current = null;
        return new PostgresTransaction(gid, token, true);
    }

    @Override
    protected void makeDurable(PostgresTransaction transaction) throws Exception {
        Handover handover = awaitingPrepare.remove(transaction.gid());
        if (handover == null) {
            return; // prepared already, or nothing to prepare
        }
        try {
            handover.connection().prepare(transaction.gid(), ids.prefix(), subtask, handover.checkpointId(), token,
                    handover.pruneFrom(), handover.pruneTo());
        } catch (SQLException e) {
            handover.connection().close(); // its open transaction ends with the connection
            throw explained(e);
        } catch (RuntimeException e) {
            handover.connection().close();
            throw e;
        }
        free.push(handover.connection());
        if (closed && free.remove(handover.connection())) {
            handover.connection().close();
        }
    }

    @Override
    protected void commit(PostgresTransaction transaction) throws Exception {
        if (!transaction.hasRows()) {
            return;
        }
        String gid = transaction.gid();
        try {
            if (!commitPrepared(gid) && !ProgressTable.isCommitted(committer(), gid, transaction.token())) {
                throw new TransactionLostException("PostgreSQL at " + settings.jdbcUrl() + " has no prepared transaction "
                        + gid + " and no proof of its commit in table " + ProgressTable.NAME + ": its rows for table "
                        + settings.table() + " are lost (was it rolled back by hand, or the database restored from a "
                        + "backup?)");
            }
        } catch (SQLException e) {
            dropCommitter(); // perhaps broken (server restarted): the retry opens a new connection
            throw e;
        }
        uncommitted.remove(gid);
        faultPoint(FaultInjector.Point.MID_COMMIT, ids.checkpointOf(gid)); // visible, not yet recorded by Weir
    }

    /**
     * {@code COMMIT PREPARED}; false if PostgreSQL has no prepared transaction {@code gid} (committed
     * before, e.g. by a run that crashed before its checkpoint recorded it, or lost).
     */
    private boolean commitPrepared(String gid) throws SQLException {
        try (Statement s = committer().createStatement()) {
            s.execute("COMMIT PREPARED " + TransactionIds.literal(gid));
            return true;
        } catch (SQLException e) {
            if (UNDEFINED_OBJECT.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    @Override
    protected void abort(PostgresTransaction transaction) {
        if (current != null) {
            current.rollbackQuietly();
        }
    }

    @Override
    public void close() throws Exception {
        closed = true;
        try {
            super.close();
        } finally {
            if (current != null) {
                current.close();
                current = null;
            }
            if (free != null) {
                free.forEach(TransactionConnection::close);
                free.clear();
            }
            if (awaitingPrepare != null) {
                awaitingPrepare.values().forEach(h -> h.connection().close());
                awaitingPrepare.clear();
            }
            dropCommitter();
        }
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
