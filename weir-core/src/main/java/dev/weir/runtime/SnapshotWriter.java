package dev.weir.runtime;

import dev.weir.checkpoint.CheckpointStorage;
import dev.weir.checkpoint.StateName;
import dev.weir.checkpoint.SubtaskStateHandle;
import dev.weir.checkpoint.TaskAcknowledgement;
import dev.weir.api.spi.AsyncSnapshotWork;
import dev.weir.runtime.operators.OperatorSnapshot;
import dev.weir.state.KeyedStateHandle;
import dev.weir.state.OperatorStateBackend;
import dev.weir.state.SnapshotTarget;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.ArrayList;
import java.util.List;

/**
 * The asynchronous part of a task's checkpoint: writes the images its operators captured into the
 * checkpoint's directory ({@code chk-<n>/<uid>/<subtask>.keyed|.op}) and builds the task's
 * acknowledgement. Runs off the task thread; the images are not changed by the task meanwhile.
 */
public final class SnapshotWriter {
    private final CheckpointStorage storage;
    private final Executor pieces;

    /** Writes a task's operators one after the other on the calling thread. */
    public SnapshotWriter(CheckpointStorage storage) {
        this(storage, Runnable::run);
    }

    /**
     * Runs each operator's asynchronous actions and each operator's files as pieces of their own on
     * {@code pieces}, so that their fsyncs overlap (and share the file system's journal commits)
     * rather than queue. {@code pieces} must not be the executor that calls {@link #write}: that call
     * waits for the pieces.
     */
    public SnapshotWriter(CheckpointStorage storage, Executor pieces) {
        this.storage = storage;
        this.pieces = pieces;
    }

    /** One operator's image with the identity it is stored under. */
    public record MemberImage(String uid, String name, int subtask, int parallelism, OperatorSnapshot snapshot) {
    }

    /** What writing one operator's files gave: its part of the acknowledgement and the bytes written. */
    private record Written(TaskAcknowledgement.OperatorSubtaskState state, long bytes) {
    }

    /**
     * Runs the operators' actions to take before the acknowledgement (a sink's fsyncs) and writes
     * their state files, each operator's folder made durable after its files; returns once all are
     * done. A failed action is an {@link AsyncSnapshotWork.ActionFailedException} (it fails the task),
     * reported ahead of a failed state file, an {@link IOException} (it fails the checkpoint).
     */
    public TaskAcknowledgement write(long checkpointId, int taskIndex, List<MemberImage> images, long syncNanos,
                              long alignmentNanos) throws IOException {
        long start = System.nanoTime();
        List<CompletableFuture<Void>> actions = new ArrayList<>(images.size());
        List<CompletableFuture<Written>> states = new ArrayList<>(images.size());
        for (MemberImage image : images) {
            if (!image.snapshot().beforeAcknowledge().isEmpty()) {
                actions.add(CompletableFuture.runAsync(() -> runActions(image), pieces));
            }
        }
        for (MemberImage image : images) {
            states.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return writeFiles(checkpointId, image);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, pieces));
        }
        Throwable failure = null;
        for (CompletableFuture<Void> action : actions) {
            failure = firstFailure(failure, action);
        }
        List<TaskAcknowledgement.OperatorSubtaskState> operators = new ArrayList<>(images.size());
        long written = 0;
        for (CompletableFuture<Written> state : states) {
            failure = firstFailure(failure, state);
            if (failure == null) {
                Written operator = state.join();
                operators.add(operator.state());
                written += operator.bytes();
            }
        }
        if (failure instanceof UncheckedIOException e) {
            throw e.getCause();
        } else if (failure instanceof RuntimeException e) {
            throw e;
        } else if (failure instanceof Error e) {
            throw e;
        } else if (failure != null) {
            throw new IllegalStateException(failure);
        }
        return new TaskAcknowledgement(checkpointId, taskIndex, List.copyOf(operators), syncNanos,
                System.nanoTime() - start, alignmentNanos, written);
    }

    /** Waits for {@code piece}; the earlier failure if there was one, else what the piece threw (unwrapped), else null. */
    private static Throwable firstFailure(Throwable earlier, CompletableFuture<?> piece) {
        try {
            piece.join();
            return earlier;
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            return earlier != null ? earlier : e.getCause() != null ? e.getCause() : e;
        }
    }

    private static void runActions(MemberImage image) {
        for (AsyncSnapshotWork.Action action : image.snapshot().beforeAcknowledge()) {
            try {
                action.run();
            } catch (Exception e) {
                throw new AsyncSnapshotWork.ActionFailedException("the asynchronous part of the snapshot of '"
                        + image.name() + "' failed: " + e.getMessage(), e);
            }
        }
    }

    /** Writes one operator's state files, then makes the folders holding them durable. */
    private Written writeFiles(long checkpointId, MemberImage image) throws IOException {
        OperatorSnapshot snapshot = image.snapshot();
        Path root = storage.root(checkpointId); // the job directory, or a savepoint's own
        String keyedFile = null;
        long keyedBytes = 0;
        long written = 0;
        int first = 0;
        int last = -1;
        List<SubtaskStateHandle.SharedFile> shared = List.of();
        if (snapshot.keyed() != null && !snapshot.keyed().isEmpty()) {
            KeyedStateHandle keyed = snapshot.keyed().write(target(checkpointId, image, root));
            keyedFile = keyed.mainFile();
            keyedBytes = keyed.mainBytes();
            shared = keyed.sharedFiles();
            written += keyed.bytesWritten();
            first = snapshot.keyed().keyGroupRange().first();
            last = snapshot.keyed().keyGroupRange().last();
        }
        List<StateName> states = new ArrayList<>();
        if (snapshot.keyed() != null) {
            snapshot.keyed().stateNames().forEach(n -> states.add(new StateName(StateName.Kind.KEYED, n)));
        }
        snapshot.operatorState().keySet().forEach(n -> states.add(new StateName(StateName.Kind.OPERATOR, n)));
        String operatorFile = null;
        long operatorBytes = 0;
        if (!snapshot.operatorState().isEmpty()) {
            operatorFile = storage.stateFileOf(checkpointId, image.uid(), image.subtask(), "op");
            operatorBytes = OperatorStateBackend.write(root.resolve(operatorFile), snapshot.operatorState());
            written += operatorBytes;
        }
        SubtaskStateHandle handle = new SubtaskStateHandle(image.subtask(), keyedFile, first, last, keyedBytes,
                operatorFile, operatorBytes, shared);
        // The names of the files written must survive an OS crash as long as the checkpoint does.
        java.util.Set<Path> folders = new java.util.LinkedHashSet<>();
        handle.files().forEach(file -> folders.add(root.resolve(file).getParent()));
        folders.forEach(dev.weir.connector.DirectorySync::force);
        return new Written(new TaskAcknowledgement.OperatorSubtaskState(image.uid(), image.name(), image.parallelism(),
                List.copyOf(states), handle), written);
    }

    /**
     * Where {@code image} writes its keyed state for {@code checkpointId}: under {@code root}, the job
     * directory (shared files in its {@code shared/}) or a savepoint's own directory (with a
     * {@code shared/} of its own: a savepoint references no file outside its directory, so an
     * incremental backend finds none of its earlier uploads there and writes all its files anew).
     */
    private SnapshotTarget target(long checkpointId, MemberImage image, Path root) {
        return new SnapshotTarget() {
            @Override
            public Path privateFile(String suffix) {
                return root.resolve(storage.stateFileOf(checkpointId, image.uid(), image.subtask(), suffix));
            }

            @Override
            public Path sharedDirectory() {
                return root.resolve("shared").resolve(CheckpointStorage.safeName(image.uid()));
            }

            @Override
            public Path resolve(String relativePath) {
                return root.resolve(relativePath);
            }

            @Override
            public String relativize(Path file) {
                return root.relativize(file).toString().replace('\\', '/');
            }

            @Override
            public boolean canonical() {
                return storage.isSavepoint(checkpointId);
            }
        };
    }
}
