package dev.weir.flink.translate.io;

import dev.weir.api.connector.Sink;
import dev.weir.api.dag.Transformation;
import dev.weir.api.functions.CheckpointListener;
import dev.weir.api.functions.CheckpointedFunction;
import dev.weir.api.functions.FunctionSnapshotContext;
import dev.weir.api.spi.AsyncSnapshotWork;
import dev.weir.api.spi.JobSpec;
import dev.weir.api.spi.TransactionalSinkAccess;
import dev.weir.flink.translate.Plans;
import dev.weir.flink.translate.types.JobSerializers;
import dev.weir.state.OperatorStateBackend;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * One subtask of a Weir sink on Flink: runs its own copy of the Weir sink through the sink's lifecycle, as Weir's
 * runtime does — {@code initializeState} (operator state restored from the Flink writer state), {@code open},
 * {@code write} per record, {@code finish} at the end of input, {@code close}.
 *
 * <p><b>Checkpoints.</b> A sink that listens to checkpoints ({@link Mode#TRANSACTIONAL}: every
 * {@code TwoPhaseCommitSink}, {@code KafkaSink}, {@code PostgresSink}, the exactly-once {@code FileSink}) takes its
 * snapshot in {@link #prepareCommit}, at the barrier: the Weir sink pre-commits its transaction and begins the next,
 * the slow part of the pre-commit ({@code makeDurable}, from {@code drainAsyncSnapshotWork}) runs before the
 * barrier passes on, and the writer hands the committer a {@link SinkCommittable}; the committer commits through
 * this writer when Flink completes the checkpoint ({@link WeirSinkCommitter}). Flink does not tell a writer the
 * checkpoint id at that point: the id given to the Weir sink is one more than the last checkpoint this subtask saw
 * (restored or snapshot), never more than the real id and growing, so transaction names built from it stay unique.
 * A sink that only has state ({@link Mode#CHECKPOINTED}) takes its snapshot in {@link #snapshotState}.
 *
 * <p><b>Restore.</b> The writer state is this subtask's Weir operator state; a two-phase-commit sink restores its
 * pending transactions from it and, told by {@link TransactionalSinkAccess} that they are its own, commits all of
 * them (idempotently) and then aborts leftovers. A transactional sink is restored only at the parallelism it was
 * checkpointed with: Flink splits writer state among subtasks, while the clean-up of leftovers needs each subtask's
 * own pending transactions.
 *
 * <p>Called on the task thread only.
 */
final class WeirSinkWriter<T> implements CommittingSinkWriter<T, SinkCommittable>,
        StatefulSinkWriter<T, SinkWriterState> {

    /** How the Weir sink takes part in checkpoints. */
    enum Mode { PLAIN, CHECKPOINTED, TRANSACTIONAL }

    private final SinkRef ref;
    private final Mode mode;
    private final Transformation node;
    private final Sink<T> sink;
    private final OperatorStateBackend state;
    private final SinkRuntimeContext context;
    private final int subtask;
    private final int parallelism;
    private final String slotKey;
    private final Thread taskThread = Thread.currentThread();
    private long lastCheckpointId;
    private boolean ended;

    WeirSinkWriter(SinkRef ref, Mode mode, WriterInitContext init, Collection<SinkWriterState> restored)
            throws IOException {
        this.ref = ref;
        this.mode = mode;
        this.node = ref.node();
        JobSpec spec = Plans.plan(ref.plan());
        this.subtask = init.getTaskInfo().getIndexOfThisSubtask();
        this.parallelism = init.getTaskInfo().getNumberOfParallelSubtasks();
        this.context = new SinkRuntimeContext(init, spec.jobName(), node.name(), spec.checkpoints());
        this.state = new OperatorStateBackend(JobSerializers.of(spec));
        this.slotKey = SinkSubtasks.key(init.getJobInfo().getJobId().toString(), ref.nodeId(), subtask,
                init.getTaskInfo().getAttemptNumber());
        OptionalLong restoredId = init.getRestoredCheckpointId();
        this.lastCheckpointId = restoredId.orElse(0);
        Map<String, OperatorStateBackend.RawList> image = merge(restored);
        if (mode == Mode.TRANSACTIONAL) {
            addDeferred(image, SinkSubtasks.slot(slotKey).attach(this));
        }
        state.restore(image);
        this.sink = ref.copy();
        try {
            if (sink instanceof CheckpointedFunction checkpointed) {
                checkpointed.initializeState(new SinkInitContext(restoredId, state));
            }
            sink.open(context);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("sink " + node + " subtask " + subtask + " could not start: " + e.getMessage(), e);
        }
    }

    /** The restored lists of this subtask (several old subtasks' when a sink that only has state was rescaled). */
    private Map<String, OperatorStateBackend.RawList> merge(Collection<SinkWriterState> restored) {
        Map<String, OperatorStateBackend.RawList> image = new LinkedHashMap<>();
        for (SinkWriterState old : restored) {
            if (mode == Mode.TRANSACTIONAL && (old.parallelism() != parallelism || old.subtask() != subtask)) {
                throw new IllegalStateException("sink " + node + " was checkpointed at parallelism " + old.parallelism()
                        + " and restores at " + parallelism + " (subtask " + subtask + " got the state of old subtask "
                        + old.subtask() + "): on Flink a transactional sink restores only at the parallelism it was "
                        + "checkpointed with; set the sink's parallelism back to " + old.parallelism());
            }
            old.image().forEach((name, list) -> image.merge(name, list, (a, b) -> {
                List<byte[]> all = new ArrayList<>(a.elements());
                all.addAll(b.elements());
                return new OperatorStateBackend.RawList(a.mode(), all);
            }));
        }
        return image;
    }

    /** Adds what the committer's restored state listed and the writer state does not (see {@link SinkSubtasks}). */
    private static void addDeferred(Map<String, OperatorStateBackend.RawList> image, List<byte[]> deferred) {
        if (deferred.isEmpty()) {
            return;
        }
        OperatorStateBackend.RawList pending = image.get(TransactionalSinkAccess.PENDING_STATE);
        List<byte[]> all = pending == null ? new ArrayList<>() : new ArrayList<>(pending.elements());
        for (byte[] candidate : deferred) {
            if (all.stream().noneMatch(known -> Arrays.equals(known, candidate))) {
                all.add(candidate);
            }
        }
        image.put(TransactionalSinkAccess.PENDING_STATE,
                new OperatorStateBackend.RawList(OperatorStateBackend.Mode.UNION, all));
    }

    @Override
    public void write(T element, Context flinkContext) throws IOException {
        try {
            sink.write(element);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("sink " + node + " subtask " + subtask + " could not write a record: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        if (endOfInput && !ended) {
            ended = true;
            call(sink::finish, "finish");
        }
    }

    @Override
    public Collection<SinkCommittable> prepareCommit() throws IOException {
        if (mode != Mode.TRANSACTIONAL || !context.isCheckpointingEnabled()) {
            return List.of(); // without checkpoints the Weir sink commits in finish()
        }
        long checkpointId = ++lastCheckpointId;
        snapshotSink(checkpointId);
        OperatorStateBackend.RawList pending = state.snapshot().get(TransactionalSinkAccess.PENDING_STATE);
        return List.of(new SinkCommittable(subtask, checkpointId, pending == null ? List.of() : pending.elements()));
    }

    @Override
    public List<SinkWriterState> snapshotState(long checkpointId) throws IOException {
        if (mode == Mode.CHECKPOINTED) {
            snapshotSink(checkpointId);
        }
        lastCheckpointId = Math.max(lastCheckpointId, checkpointId);
        return List.of(new SinkWriterState(subtask, parallelism, state.snapshot()));
    }

    /** The Weir sink's snapshot, with its asynchronous part run right away (before the barrier passes on). */
    private void snapshotSink(long checkpointId) throws IOException {
        if (sink instanceof CheckpointedFunction checkpointed) {
            long now = System.currentTimeMillis();
            call(() -> checkpointed.snapshotState(new FunctionSnapshotContext() {
                @Override
                public long getCheckpointId() {
                    return checkpointId;
                }

                @Override
                public long getCheckpointTimestamp() {
                    return now;
                }
            }), "snapshot for checkpoint " + checkpointId);
        }
        if (sink instanceof AsyncSnapshotWork async) {
            for (AsyncSnapshotWork.Action action : async.drainAsyncSnapshotWork()) {
                call(action::run, "make checkpoint " + checkpointId + " durable");
            }
        }
    }

    /**
     * Commits what the Weir sink pre-committed up to {@code checkpointId} (an id this writer gave it): the Weir
     * sink's {@code notifyCheckpointComplete}, with its retries and backoff. Called by the committer of this subtask,
     * on the task thread.
     */
    void commitUpTo(long checkpointId) throws IOException {
        if (Thread.currentThread() != taskThread) {
            throw new IllegalStateException("the committer of sink " + node + " subtask " + subtask + " runs in another "
                    + "task than its writer; the Flink runner needs them chained (do not disable operator chaining "
                    + "for a job with a transactional sink)");
        }
        if (sink instanceof CheckpointListener listener) {
            call(() -> listener.notifyCheckpointComplete(checkpointId), "commit up to checkpoint " + checkpointId);
        }
    }

    @Override
    public void close() throws Exception {
        SinkSubtasks.remove(slotKey);
        sink.close();
    }

    private void call(AsyncSnapshotWork.Action action, String what) throws IOException {
        try {
            action.run();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("sink " + node + " subtask " + subtask + " failed to " + what + ": " + e.getMessage(),
                    e);
        }
    }
}
