package dev.weir.runtime;

/**
 * A non-record element that travels in-band through the channels, in order with the records.
 * Today: end of input. Checkpoint barriers and watermarks join this sealed family later, and
 * the input gate hands each kind to the task in channel order.
 */
public sealed interface ControlEvent permits ControlEvent.EndOfInput {

    /** The producer of this channel will send nothing more. */
    enum EndOfInput implements ControlEvent {
        INSTANCE
    }
}
