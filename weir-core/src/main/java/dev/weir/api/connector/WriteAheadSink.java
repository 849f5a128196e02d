package dev.weir.api.connector;

import java.util.ArrayList;
import java.util.List;

/**
 * For targets without transactions: the records of each checkpoint interval are kept in the
 * checkpoint and sent with {@link #sendValues} only after that checkpoint has completed; a
 * {@link CheckpointCommitter} remembers which checkpoints were sent, so a restore does not send
 * them again.
 *
 * <p><b>Exactly-once only for idempotent targets.</b> A crash after {@code sendValues} returned
 * and before the committer recorded it makes the batch be sent a second time. Use it where writing
 * the same records again is harmless (upserts by key, puts of the same object); otherwise it is
 * at-least-once. Records are buffered in memory and in checkpoints until the next completion.
 *
 * @param <T> record type; stored in checkpoints, so a record or another supported type
 */
public abstract class WriteAheadSink<T> extends TwoPhaseCommitSink<T, WriteAheadSink.Batch> {

    /** The records one subtask received in one checkpoint interval. */
    public record Batch(int subtask, long checkpointId, List<Object> values) {
    }

    /** Remembers which batches were sent, durably and outside Weir's checkpoints. */
    public interface CheckpointCommitter {
        boolean isCommitted(int subtask, long checkpointId) throws Exception;

        void markCommitted(int subtask, long checkpointId) throws Exception;
    }

    private final CheckpointCommitter committer;

    protected WriteAheadSink(CheckpointCommitter committer) {
        this.committer = committer;
    }

    /** Sends the records of checkpoint {@code checkpointId}, once it has completed. */
    protected abstract void sendValues(List<T> values, long checkpointId) throws Exception;

    @Override
    protected Batch beginTransaction() {
        return new Batch(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), 0, new ArrayList<>());
    }

    @Override
    protected void write(Batch batch, T value) {
        batch.values().add(value);
    }

    @Override
    protected Batch preCommit(Batch batch, long checkpointId) {
        return new Batch(batch.subtask(), checkpointId, List.copyOf(batch.values()));
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void commit(Batch batch) throws Exception {
        if (batch.values().isEmpty()) {
            return;
        }
        if (batch.checkpointId() == 0) {
            // End of input without checkpointing: no checkpoint id to remember it by (every run has 0),
            // and nothing restores it, so the committer is not asked.
            sendValues((List<T>) batch.values(), 0);
            return;
        }
        if (committer.isCommitted(batch.subtask(), batch.checkpointId())) {
            return;
        }
        sendValues((List<T>) batch.values(), batch.checkpointId());
        committer.markCommitted(batch.subtask(), batch.checkpointId());
    }

    @Override
    protected void abort(Batch batch) {
        batch.values().clear();
    }
}
