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
import java.util.ArrayList;
import java.util.List;

/**
 * The asynchronous part of a task's checkpoint: writes the images its operators captured into the
 * checkpoint's directory ({@code chk-<n>/<uid>/<subtask>.keyed|.op}) and builds the task's
 * acknowledgement. Runs off the task thread; the images are not changed by the task meanwhile.
 */
public final class SnapshotWriter {
    private final CheckpointStorage storage;

    public SnapshotWriter(CheckpointStorage storage) {
        this.storage = storage;
    }

    /** One operator's image with the identity it is stored under. */
    public record MemberImage(String uid, String name, int subtask, int parallelism, OperatorSnapshot snapshot) {
    }

    public TaskAcknowledgement write(long checkpointId, int taskIndex, List<MemberImage> images, long syncNanos,
                              long alignmentNanos) throws IOException {
        long start = System.nanoTime();
        for (MemberImage image : images) {
            for (AsyncSnapshotWork.Action action : image.snapshot().beforeAcknowledge()) {
                try {
                    action.run();
                } catch (Exception e) {
                    throw new AsyncSnapshotWork.ActionFailedException("the asynchronous part of the snapshot of '"
                            + image.name() + "' failed: " + e.getMessage(), e);
                }
            }
        }
        List<TaskAcknowledgement.OperatorSubtaskState> operators = new ArrayList<>(images.size());
        long written = 0;
        for (MemberImage image : images) {
            OperatorSnapshot snapshot = image.snapshot();
            String keyedFile = null;
            long keyedBytes = 0;
            int first = 0;
            int last = -1;
            List<SubtaskStateHandle.SharedFile> shared = List.of();
            if (snapshot.keyed() != null && !snapshot.keyed().isEmpty()) {
                KeyedStateHandle keyed = snapshot.keyed().write(target(checkpointId, image));
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
                operatorFile = CheckpointStorage.stateFile(checkpointId, image.uid(), image.subtask(), "op");
                operatorBytes = OperatorStateBackend.write(storage.resolve(operatorFile), snapshot.operatorState());
                written += operatorBytes;
            }
            operators.add(new TaskAcknowledgement.OperatorSubtaskState(image.uid(), image.name(), image.parallelism(),
                    List.copyOf(states), new SubtaskStateHandle(image.subtask(), keyedFile, first, last, keyedBytes, operatorFile,
                            operatorBytes, shared)));
        }
        // The names of the files written must survive an OS crash as long as the checkpoint does.
        java.util.Set<Path> folders = new java.util.HashSet<>();
        for (TaskAcknowledgement.OperatorSubtaskState op : operators) {
            op.handle().files().forEach(file -> folders.add(storage.resolve(file).getParent()));
        }
        folders.forEach(dev.weir.connector.DirectorySync::force);
        return new TaskAcknowledgement(checkpointId, taskIndex, List.copyOf(operators), syncNanos,
                System.nanoTime() - start, alignmentNanos, written);
    }

    private SnapshotTarget target(long checkpointId, MemberImage image) {
        return new SnapshotTarget() {
            @Override
            public Path privateFile(String suffix) {
                return storage.resolve(CheckpointStorage.stateFile(checkpointId, image.uid(), image.subtask(), suffix));
            }

            @Override
            public Path sharedDirectory() {
                return storage.sharedDirectory().resolve(CheckpointStorage.safeName(image.uid()));
            }

            @Override
            public Path resolve(String relativePath) {
                return storage.resolve(relativePath);
            }

            @Override
            public String relativize(Path file) {
                return storage.jobDirectory().relativize(file).toString().replace('\\', '/');
            }
        };
    }
}
