package dev.weir.examples;

import dev.weir.api.serialization.SimpleStringEncoder;
import dev.weir.connector.file.BasePathBucketAssigner;
import dev.weir.connector.file.FileSink;
import dev.weir.connector.file.OnCheckpointRollingPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The output directories of the example jobs: one line per record ({@code toString()}), committed exactly once
 * into one directory, and the check that refuses to start fresh over committed output.
 */
public final class LineFiles {
    private LineFiles() {
    }

    /** The exactly-once file sink writing each record's {@code toString()} as a line into {@code dir}, rolled on checkpoints. */
    public static <T> FileSink<T> exactlyOnce(Path dir) {
        return FileSink.forRowFormat(new dev.weir.api.fs.Path(dir.toUri()), new SimpleStringEncoder<T>())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .build();
    }

    /** Whether {@code dir} holds committed files (names not starting with '.'; in-progress files are hidden). */
    public static boolean hasCommittedFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> !f.getFileName().toString().startsWith("."));
        }
    }
}
