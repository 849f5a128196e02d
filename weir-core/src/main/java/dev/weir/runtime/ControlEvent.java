package dev.weir.runtime;

/**
 * A non-record element that travels in-band through the channels, in order with the records:
 * end of input, and checkpoint barriers (watermarks will join this sealed family). The input gate
 * hands each one to the task in channel order.
 */
public sealed interface ControlEvent permits ControlEvent.EndOfInput, ControlEvent.Barrier {

    /** The producer of this channel will send nothing more. */
    enum EndOfInput implements ControlEvent {
        INSTANCE
    }

    /**
     * Checkpoint barrier {@code checkpointId}: everything before it on this channel belongs to the
     * checkpoint, everything after it does not.
     */
    record Barrier(long checkpointId, long timestamp) implements ControlEvent {
    }
}
