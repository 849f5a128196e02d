package dev.weir.testing;

import dev.weir.checkpoint.CheckpointMetadata;
import dev.weir.checkpoint.CompletedCheckpoint;
import dev.weir.checkpoint.OperatorStateHandles;
import dev.weir.checkpoint.SubtaskStateHandle;
import dev.weir.runtime.operators.OperatorRestore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A snapshot of one operator subtask taken by {@link OperatorHarness#snapshot}, written in the
 * checkpoint format to a directory of its own. Restore it with
 * {@link OperatorHarness.Builder#restoreFrom}; {@link #combine} joins the snapshots of all
 * subtasks of an operator so they can be restored at another parallelism.
 */
public final class HarnessSnapshot {
    static final String UID = "operator-under-test";
    private static final List<Path> TO_DELETE = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> TO_DELETE.forEach(HarnessSnapshot::deleteQuietly),
                "weir-harness-cleanup"));
    }

    /** Snapshot directories live until the JVM exits (a test may restore them after the harness closed). */
    static void deleteOnExit(Path directory) {
        TO_DELETE.add(directory);
    }

    private static void deleteQuietly(Path directory) {
        try {
            dev.weir.state.LocalFiles.deleteRecursively(directory);
        } catch (RuntimeException e) {
            // best effort at exit
        }
    }

    private final CompletedCheckpoint checkpoint;

    HarnessSnapshot(CompletedCheckpoint checkpoint) {
        this.checkpoint = checkpoint;
    }

    public long checkpointId() {
        return checkpoint.checkpointId();
    }

    /** Where its files are (one directory per snapshot). */
    public Path directory() {
        return checkpoint.checkpointDirectory();
    }

    /** The snapshots of every subtask of one operator (same checkpoint id), as one. */
    public static HarnessSnapshot combine(List<HarnessSnapshot> subtaskSnapshots) {
        if (subtaskSnapshots.isEmpty()) {
            throw new IllegalArgumentException("nothing to combine");
        }
        HarnessSnapshot first = subtaskSnapshots.get(0);
        List<SubtaskStateHandle> handles = new ArrayList<>();
        int parallelism = 0;
        for (HarnessSnapshot snapshot : subtaskSnapshots) {
            OperatorStateHandles op = snapshot.handles();
            parallelism = op.parallelism();
            handles.addAll(op.subtasks());
        }
        if (handles.size() != parallelism) {
            throw new IllegalArgumentException("combine needs the snapshots of all " + parallelism
                    + " subtasks, got " + handles.size());
        }
        handles.sort(java.util.Comparator.comparingInt(SubtaskStateHandle::subtask));
        // The snapshots live in directories of their own, and state files may name others by paths relative
        // to their job directory (an embedded store's files, shared files): join them into one directory.
        Path jobDirectory;
        try {
            Path base = Files.createTempDirectory("weir-harness-combined-");
            deleteOnExit(base);
            jobDirectory = base.resolve(first.checkpoint.metadata().jobName());
            for (HarnessSnapshot snapshot : subtaskSnapshots) {
                linkTree(snapshot.checkpoint.jobDirectory(), jobDirectory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot combine the harness snapshots", e);
        }
        CheckpointMetadata metadata = new CheckpointMetadata(first.checkpoint.metadata().jobName(),
                first.checkpointId(), first.checkpoint.metadata().timestamp(),
                first.checkpoint.metadata().maxParallelism(),
                List.of(new OperatorStateHandles(UID, first.handles().name(), parallelism, first.handles().states(),
                        List.copyOf(handles))));
        return new HarnessSnapshot(new CompletedCheckpoint(metadata, jobDirectory,
                jobDirectory.resolve(first.checkpoint.checkpointDirectory().getFileName().toString())));
    }

    /** Links (or copies) every file under {@code from} except metadata into the same place under {@code to}. */
    private static void linkTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path file : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (!file.getFileName().toString().equals(CheckpointMetadata.FILE_NAME) && !Files.exists(target)) {
                    link(file, target);
                }
            }
        }
    }

    /** A hard link of {@code source} at {@code target}, or a copy where links are not possible. */
    static void link(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            Files.createLink(target, source);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(source, target);
        }
    }

    /** The job directory its paths are relative to. */
    Path jobDirectory() {
        return checkpoint.jobDirectory();
    }

    OperatorStateHandles handles() {
        return checkpoint.metadata().operators().get(0);
    }

    int maxParallelism() {
        return checkpoint.metadata().maxParallelism();
    }

    OperatorRestore toRestore() {
        return new OperatorRestore(checkpoint, handles());
    }
}
