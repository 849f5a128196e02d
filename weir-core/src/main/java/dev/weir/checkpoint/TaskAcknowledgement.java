package dev.weir.checkpoint;

import java.util.List;

/**
 * A task's message to the coordinator: its part of checkpoint {@code checkpointId} is durable.
 *
 * @param taskIndex   the task within the job run
 * @param operators   one handle per operator of the task's chain
 * @param syncNanos   the synchronous pause of the snapshot
 * @param asyncNanos  the time spent writing files off the task thread
 * @param alignmentNanos time from the first barrier to the last (0 for a single input)
 * @param bytesWritten   bytes written for this checkpoint (new shared files included, old ones not)
 */
public record TaskAcknowledgement(long checkpointId, int taskIndex, List<OperatorSubtaskState> operators,
                                  long syncNanos, long asyncNanos, long alignmentNanos, long bytesWritten) {

    /** One operator's handle within the acknowledgement, with the names of the states it holds. */
    public record OperatorSubtaskState(String uid, String name, int parallelism, List<StateName> states,
                                       SubtaskStateHandle handle) {
    }

    public long bytes() {
        return bytesWritten;
    }
}
