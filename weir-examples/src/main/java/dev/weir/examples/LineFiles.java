package dev.weir.examples;

import dev.weir.api.serialization.SimpleStringEncoder;
import dev.weir.connector.file.BasePathBucketAssigner;
import dev.weir.connector.file.FileSink;
import dev.weir.connector.file.OnCheckpointRollingPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * The lines of the committed files in {@code dir} (regular files whose names do not start with '.'), file by
     * file in name order; none when {@code dir} does not exist. Close the stream; a read error surfaces as an
     * {@link UncheckedIOException} while it is consumed.
     */
    public static Stream<String> committedLines(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
        return files.stream().flatMap(LineFiles::lines);
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.lines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
