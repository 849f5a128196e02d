package dev.weir.testing;

import dev.weir.checkpoint.CheckpointMetadata;
import dev.weir.checkpoint.CompletedCheckpoint;
import dev.weir.checkpoint.OperatorStateHandles;
import dev.weir.checkpoint.SubtaskStateHandle;
import dev.weir.runtime.operators.OperatorRestore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        try (var paths = java.nio.file.Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | RuntimeException e) {
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
            for (SubtaskStateHandle s : op.subtasks()) {
                // Paths become absolute, since the snapshots live in different directories.
                handles.add(new SubtaskStateHandle(s.subtask(),
                        s.keyedFile() == null ? null : snapshot.checkpoint.resolve(s.keyedFile()).toString(),
                        s.firstKeyGroup(), s.lastKeyGroup(), s.keyedBytes(),
                        s.operatorFile() == null ? null : snapshot.checkpoint.resolve(s.operatorFile()).toString(),
                        s.operatorBytes()));
            }
        }
        if (handles.size() != parallelism) {
            throw new IllegalArgumentException("combine needs the snapshots of all " + parallelism
                    + " subtasks, got " + handles.size());
        }
        handles.sort(java.util.Comparator.comparingInt(SubtaskStateHandle::subtask));
        CheckpointMetadata metadata = new CheckpointMetadata(first.checkpoint.metadata().jobName(),
                first.checkpointId(), first.checkpoint.metadata().timestamp(),
                first.checkpoint.metadata().maxParallelism(),
                List.of(new OperatorStateHandles(UID, first.handles().name(), parallelism, List.copyOf(handles))));
        return new HarnessSnapshot(new CompletedCheckpoint(metadata, first.checkpoint.jobDirectory(),
                first.checkpoint.checkpointDirectory()));
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
