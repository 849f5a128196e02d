package dev.weir.api.connector;

import dev.weir.api.RuntimeContext;
import dev.weir.api.functions.CheckpointListener;
import dev.weir.api.functions.CheckpointedFunction;
import dev.weir.api.functions.FunctionInitializationContext;
import dev.weir.api.functions.FunctionSnapshotContext;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.testing.FaultInjector;
import dev.weir.api.spi.FaultPoints;
import dev.weir.api.spi.AsyncSnapshotWork;
import dev.weir.api.spi.TransactionalSinkAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * An exactly-once sink: its output becomes visible when, and only when, the checkpoint that covers
 * it has completed.
 *
 * <p><b>Protocol</b> (per parallel subtask). One transaction per checkpoint interval:
 * {@link #beginTransaction} → {@link #write}* → at barrier n: {@link #preCommit} (flush; the
 * returned handle is stored in checkpoint n) and a new transaction begins → when checkpoint n
 * completes: {@link #commit} of every pending transaction up to n (also those whose notification
 * was missed). On restore ({@link #initializeState} reads the pending transactions, {@link #open}
 * acts on them): {@link #commit} again every transaction pending in the restored checkpoint
 * (commit must be idempotent: "already committed" is success; a transaction that is gone is data
 * loss and must throw), then {@link #abortLeftovers} for what a crashed run left behind.
 *
 * <p>The slow part of a pre-commit (fsync) can go into {@link #makeDurable}, which runs off the task
 * thread before the checkpoint is acknowledged: records keep flowing meanwhile.
 *
 * <p><b>Failures.</b> A commit that throws is retried with exponential backoff; after
 * {@link #maxCommitAttempts} it fails the job, and the transaction stays pending in the checkpoint,
 * so a restore commits it again. Without checkpointing the sink commits at the end of its input.
 *
 * <p><b>Rescaling.</b> Pending transactions are kept in union list state: after a restore at another
 * parallelism every subtask sees all of them, commits its share (index modulo parallelism) and
 * knows which transactions must survive the clean-up of leftovers.
 *
 * <p>All methods run on the subtask's thread. The handle type {@code TXN} must be serializable by
 * Weir (a record of supported types, or a registered serializer): it goes into checkpoints.
 *
 * @param <T>   record type
 * @param <TXN> transaction handle
 */
public abstract class TwoPhaseCommitSink<T, TXN> implements Sink<T>, CheckpointedFunction, CheckpointListener,
        AsyncSnapshotWork {

    /** A pre-committed transaction and the checkpoint it belongs to. */
    public record Pending<TXN>(long checkpointId, TXN transaction) {
    }

    private transient ListState<Pending<TXN>> pendingState;
    private transient List<Pending<TXN>> restored;
    /** Whether {@link #restored} is this subtask's own (a runner's, see TransactionalSinkAccess), not a union. */
    private transient boolean restoredOwnOnly;
    private transient List<Pending<TXN>> pending;
    private transient TXN current;
    private transient RuntimeContext context;
    private transient List<TXN> awaitingDurability;

    /** Opens a new transaction; what {@link #write} writes into until the next barrier. */
    protected abstract TXN beginTransaction() throws Exception;

    protected abstract void write(TXN transaction, T value) throws Exception;

    /**
     * Makes the transaction durable but not visible (flush, fsync, close), as part of checkpoint
     * {@code checkpointId}. Returns the handle to store in the checkpoint (often the same object).
     */
    protected abstract TXN preCommit(TXN transaction, long checkpointId) throws Exception;

    /**
     * The slow part of a pre-commit (e.g. fsync), run off the task thread before the checkpoint is
     * acknowledged, so it does not stall records. Must touch only what belongs to {@code transaction}
     * and be safe to call more than once. Default: nothing (all done in {@link #preCommit}).
     */
    protected void makeDurable(TXN transaction) throws Exception {
    }

    /**
     * Makes a pre-committed transaction visible. Idempotent: "already committed" is success. Throws
     * {@link TransactionLostException} if the transaction is gone (never retried), any other
     * exception for a failure worth retrying.
     */
    protected abstract void commit(TXN transaction) throws Exception;

    /** Discards a transaction that will never be committed. */
    protected abstract void abort(TXN transaction) throws Exception;

    /**
     * After a restore: discard what earlier runs left behind that no checkpoint references (open
     * transactions, pre-committed ones of checkpoints that never completed). {@code pendingInCheckpoint}
     * must survive; old subtask {@code i} is this subtask's to clean when
     * {@code i % parallelism == subtaskIndex}. Default: nothing.
     */
    protected void abortLeftovers(Collection<TXN> pendingInCheckpoint, int subtaskIndex, int parallelism)
            throws Exception {
    }

    /** Commit attempts before the job fails (default 5). */
    protected int maxCommitAttempts() {
        return 5;
    }

    /** Wait before the first retry of a commit; doubles each time (default 50 ms). */
    protected Duration commitRetryBackoff() {
        return Duration.ofMillis(50);
    }

    /** Runs the test hook at {@code point} (no-op outside fault-injection tests). */
    protected final void faultPoint(FaultInjector.Point point, long checkpointId) throws Exception {
        if (context instanceof FaultPoints faults) {
            faults.injectFault(point, checkpointId);
        }
    }

    protected final RuntimeContext getRuntimeContext() {
        return context;
    }

    /** Registers the pending transactions (union list state) and reads those of the restored checkpoint. */
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void initializeState(FunctionInitializationContext context) throws Exception {
        pendingState = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>(
                TransactionalSinkAccess.PENDING_STATE, (Class<Pending<TXN>>) (Class) Pending.class));
        restoredOwnOnly = context instanceof TransactionalSinkAccess;
        restored = new ArrayList<>();
        pendingState.get().forEach(restored::add);
    }

    /**
     * Commits this subtask's share of the restored transactions, aborts leftovers and begins the
     * first transaction. A subclass that overrides it must call {@code super.open(context)}.
     */
    @Override
    public void open(RuntimeContext context) throws Exception {
        this.context = context;
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
        List<TXN> all = new ArrayList<>();
        for (int i = 0; i < restored.size(); i++) {
            all.add(restored.get(i).transaction());
            if (restoredOwnOnly || i % parallelism == subtask) {
                commitWithRetries(restored.get(i));
            }
        }
        restored = null;
        // Also on a fresh start: a process killed before its first checkpoint completed left files too.
        abortLeftovers(all, subtask, parallelism);
        pending = new ArrayList<>();
        awaitingDurability = new ArrayList<>();
        pendingState.update(pending);
        current = beginTransaction();
    }

    @Override
    public final void write(T value) throws Exception {
        write(current, value);
    }

    /** Pre-commits the current transaction as part of the checkpoint and begins the next one. */
    @Override
    public void snapshotState(FunctionSnapshotContext snapshot) throws Exception {
        long checkpointId = snapshot.getCheckpointId();
        faultPoint(FaultInjector.Point.BEFORE_PRE_COMMIT, checkpointId);
        TXN preCommitted = preCommit(current, checkpointId);
        pending.add(new Pending<>(checkpointId, preCommitted));
        awaitingDurability.add(preCommitted);
        faultPoint(FaultInjector.Point.AFTER_PRE_COMMIT, checkpointId);
        pendingState.update(pending);
        current = beginTransaction();
    }

    @Override
    public final List<Action> drainAsyncSnapshotWork() {
        List<Action> work = new ArrayList<>();
        for (TXN transaction : awaitingDurability) {
            work.add(() -> makeDurable(transaction));
        }
        awaitingDurability.clear();
        return work;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        while (!pending.isEmpty() && pending.get(0).checkpointId() <= checkpointId) {
            commitWithRetries(pending.get(0));
            pending.remove(0);
        }
        pendingState.update(pending);
    }

    /**
     * End of input. With checkpointing the last transaction is pre-committed by the final
     * checkpoint, which the task waits for; without, it is committed here.
     */
    @Override
    public void finish() throws Exception {
        if (!context.isCheckpointingEnabled()) {
            TXN last = preCommit(current, 0);
            makeDurable(last);
            commitWithRetries(new Pending<>(0, last));
            current = beginTransaction();
        }
    }

    @Override
    public void close() throws Exception {
        if (current != null) {
            try {
                abort(current); // never pre-committed: nobody will commit it
            } finally {
                current = null;
            }
        }
    }

    private void commitWithRetries(Pending<TXN> transaction) throws Exception {
        Duration backoff = commitRetryBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                commit(transaction.transaction());
                return;
            } catch (FaultInjector.InjectedFault crash) {
                throw crash; // a simulated crash in the middle of the commit is not a transient error
            } catch (TransactionLostException lost) {
                throw new IllegalStateException("data loss: transaction " + transaction.transaction() + " of checkpoint "
                        + transaction.checkpointId() + " cannot be committed: " + lost.getMessage(), lost);
            } catch (Exception e) {
                if (attempt >= maxCommitAttempts()) {
                    throw new IllegalStateException("commit of " + transaction.transaction() + " (checkpoint "
                            + transaction.checkpointId() + ") failed " + attempt + " times, last: " + e
                            + "; it stays pending in the checkpoint and is committed again when the job restores", e);
                }
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2);
            }
        }
    }
}
