package dev.weir.testing;

import dev.weir.api.serialization.SimpleStringEncoder;
import dev.weir.connector.file.BasePathBucketAssigner;
import dev.weir.connector.file.FileSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What a {@code FileSink} committed: the lines of the files whose names do not start with '.'. */
public final class CommittedFiles {
    private CommittedFiles() {
    }

    /**
     * The file sink the tests use: {@code toString()} lines straight into {@code directory} (no bucket
     * sub-directories), rolled on checkpoints.
     */
    public static <T> FileSink<T> lineSink(Path directory) {
        return FileSink.forRowFormat(new dev.weir.api.fs.Path(directory.toUri()), new SimpleStringEncoder<T>())
                .withBucketAssigner(new BasePathBucketAssigner<>()).build();
    }

    /** Every committed line of the directory, sorted (compare as a multiset). */
    public static List<String> sortedLines(Path directory) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return lines;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        }
        lines.sort(null);
        return lines;
    }

    /** Names of files a sink left in progress (starting with '.'). */
    public static List<String> hidden(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".")).sorted().toList();
        }
    }
}
