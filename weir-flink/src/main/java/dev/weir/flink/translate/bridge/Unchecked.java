package dev.weir.flink.translate.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Weir's state methods throw no checked exceptions; Flink's do. This passes Flink's on unchecked. */
final class Unchecked {

    private Unchecked() {
    }

    static RuntimeException of(Exception e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof IOException io) {
            return new UncheckedIOException(io);
        }
        return new IllegalStateException(e);
    }
}
