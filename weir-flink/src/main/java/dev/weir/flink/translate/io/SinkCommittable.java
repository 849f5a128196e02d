package dev.weir.flink.translate.io;

import java.util.List;

/**
 * What a Weir sink subtask's writer hands its committer at a checkpoint barrier: the id under which the Weir sink
 * pre-committed (the id the sink's {@code snapshotState} was given, see {@link WeirSinkWriter}) and the transactions
 * it pre-committed then, each as the bytes Weir's serializer wrote for its {@code TwoPhaseCommitSink.Pending}
 * (empty for a sink that is only a checkpoint listener).
 */
record SinkCommittable(int subtask, long checkpointId, List<byte[]> pending) {
}
