package dev.weir.flink.translate.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;

/**
 * The committer of one Weir sink subtask: when Flink completes a checkpoint it commits, through the subtask's
 * writer ({@link WeirSinkWriter#commitUpTo}), everything the Weir sink pre-committed up to the id the committables
 * carry — Weir's own commit, with the sink's retries and backoff ({@code maxCommitAttempts},
 * {@code commitRetryBackoff}); a commit that fails after them fails the task, and the restore commits again.
 *
 * <p>On a restore Flink's committer starts before the writer and asks at once to commit what its state lists.
 * Those transactions are in the writer's restored state too: they are handed to the writer
 * ({@link SinkSubtasks}), whose Weir sink commits them when it opens, before it aborts leftovers.
 */
final class WeirSinkCommitter implements Committer<SinkCommittable> {

    private final SinkRef ref;
    private final String slotKey;
    private final OptionalLong restoredId;

    WeirSinkCommitter(SinkRef ref, CommitterInitContext init) {
        this.ref = ref;
        this.restoredId = init.getRestoredCheckpointId();
        this.slotKey = SinkSubtasks.key(init.getJobInfo().getJobId().toString(), ref.nodeId(),
                init.getTaskInfo().getIndexOfThisSubtask(), init.getTaskInfo().getAttemptNumber());
    }

    @Override
    public void commit(Collection<CommitRequest<SinkCommittable>> requests) throws IOException {
        SinkSubtasks.Slot slot = SinkSubtasks.slot(slotKey);
        WeirSinkWriter<?> writer = slot.writer();
        if (writer == null) {
            if (!allRestored(requests)) {
                throw new IllegalStateException("the committer of sink " + ref.node() + " finds no writer of its "
                        + "subtask in its task; the Flink runner needs them chained (do not disable operator chaining "
                        + "for a job with a transactional sink)");
            }
            List<byte[]> pending = new ArrayList<>();
            requests.forEach(request -> pending.addAll(request.getCommittable().pending()));
            slot.defer(pending); // the writer's Weir sink commits them as it opens
            return;
        }
        long upTo = Long.MIN_VALUE;
        for (CommitRequest<SinkCommittable> request : requests) {
            upTo = Math.max(upTo, request.getCommittable().checkpointId());
        }
        writer.commitUpTo(upTo);
    }

    /** Whether every request is for a committable of the checkpoint restored from (the writer then lists it too). */
    private boolean allRestored(Collection<CommitRequest<SinkCommittable>> requests) {
        if (restoredId.isEmpty()) {
            return false;
        }
        for (CommitRequest<SinkCommittable> request : requests) {
            // Flink tags committables with real checkpoint ids; ours carry the writer's id, never above the real one.
            if (request.getCommittable().checkpointId() > restoredId.getAsLong()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
    }
}
