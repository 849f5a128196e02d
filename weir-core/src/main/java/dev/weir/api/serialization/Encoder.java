package dev.weir.api.serialization;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one record into a row-format file sink's part file, as in Flink
 * ({@code FileSink.forRowFormat(path, encoder)}). Called on the sink subtask's thread, once per
 * record, in order; {@code out} is the open part file (buffered), which the encoder must neither
 * close nor keep. An encoder is shared by the sink's subtasks, so it must not hold mutable state.
 *
 * @param <IN> the record type
 */
@FunctionalInterface
public interface Encoder<IN> {

    /** Appends the bytes of {@code element} to {@code stream}. */
    void encode(IN element, OutputStream stream) throws IOException;
}
