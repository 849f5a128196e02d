package dev.weir.api.connector;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes one record into a file sink's part file. Must be stateless (shared by subtask copies). */
@FunctionalInterface
public interface Encoder<T> {

    void encode(T value, OutputStream out) throws IOException;

    /** {@code toString()} of the record, UTF-8, one line per record. */
    static <T> Encoder<T> lines() {
        return (value, out) -> {
            out.write(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        };
    }
}
