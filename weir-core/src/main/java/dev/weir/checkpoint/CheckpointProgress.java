package dev.weir.checkpoint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The life of one checkpoint at the coordinator, as a state machine: each event returns the next
 * state. Pending (awaiting some tasks) → FullyAcknowledged → (metadata durable) Completed, or
 * → Aborted from any state before Completed.
 */
public sealed interface CheckpointProgress {

    long checkpointId();

    /** Triggered; waiting for the acknowledgements of {@code awaiting}. */
    record Pending(long checkpointId, long triggerTimestamp, long triggerNanos, Set<Integer> awaiting,
                   List<TaskAcknowledgement> acknowledgements) implements CheckpointProgress {

        public static Pending trigger(long checkpointId, long triggerTimestamp, long triggerNanos, Set<Integer> tasks) {
            return new Pending(checkpointId, triggerTimestamp, triggerNanos, Set.copyOf(tasks), List.of());
        }

        /** A task acknowledged: the next state (this one unchanged for duplicates or strangers). */
        public CheckpointProgress acknowledge(TaskAcknowledgement ack) {
            if (ack.checkpointId() != checkpointId || !awaiting.contains(ack.taskIndex())) {
                return this;
            }
            Set<Integer> left = new HashSet<>(awaiting);
            left.remove(ack.taskIndex());
            List<TaskAcknowledgement> acks = new ArrayList<>(acknowledgements);
            acks.add(ack);
            if (left.isEmpty()) {
                return new FullyAcknowledged(checkpointId, triggerTimestamp, triggerNanos, List.copyOf(acks));
            }
            return new Pending(checkpointId, triggerTimestamp, triggerNanos, Set.copyOf(left), List.copyOf(acks));
        }

        public Aborted abort(String reason) {
            return new Aborted(checkpointId, reason);
        }
    }

    /** Every task acknowledged; the metadata still has to be written. */
    record FullyAcknowledged(long checkpointId, long triggerTimestamp, long triggerNanos,
                             List<TaskAcknowledgement> acknowledgements) implements CheckpointProgress {

        public Completed complete(CheckpointMetadata metadata) {
            return new Completed(checkpointId, metadata);
        }

        public Aborted abort(String reason) {
            return new Aborted(checkpointId, reason);
        }
    }

    /** The metadata is durable: the checkpoint exists. */
    record Completed(long checkpointId, CheckpointMetadata metadata) implements CheckpointProgress {
    }

    /** Given up: declined by a task, timed out, or failed to write its metadata. */
    record Aborted(long checkpointId, String reason) implements CheckpointProgress {
    }
}
