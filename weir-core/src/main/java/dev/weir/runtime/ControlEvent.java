package dev.weir.runtime;

/**
 * A non-record element that travels in-band through the channels, in order with the records:
 * end of input, checkpoint barriers, watermarks and watermark statuses. The input gate hands each one
 * to the task in channel order (a channel blocked for barrier alignment keeps its watermarks too).
 */
public sealed interface ControlEvent permits ControlEvent.EndOfInput, ControlEvent.Stopped, ControlEvent.Barrier,
        ControlEvent.Watermark, ControlEvent.WatermarkStatus {

    /** The producer of this channel will send nothing more. */
    enum EndOfInput implements ControlEvent {
        INSTANCE
    }

    /**
     * The producer of this channel stopped with savepoint {@code savepointId} (stop-with-savepoint):
     * nothing more comes, but unlike {@link EndOfInput} the input did not end — no final watermark,
     * no {@code endInput}: the state stays as the savepoint holds it.
     */
    record Stopped(long savepointId) implements ControlEvent {
    }

    /**
     * Checkpoint barrier {@code checkpointId}: everything before it on this channel belongs to the
     * checkpoint, everything after it does not.
     */
    record Barrier(long checkpointId, long timestamp) implements ControlEvent {
    }

    /** Event time on this channel has reached {@code timestamp}; {@code Long.MAX_VALUE} at the end of a bounded input. */
    record Watermark(long timestamp) implements ControlEvent {
    }

    /** The producer of this channel went idle (left out of the consumer's minimum watermark) or active again. */
    enum WatermarkStatus implements ControlEvent {
        IDLE, ACTIVE
    }
}
