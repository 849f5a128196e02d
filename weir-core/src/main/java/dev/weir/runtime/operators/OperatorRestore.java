package dev.weir.runtime.operators;

import dev.weir.checkpoint.CompletedCheckpoint;
import dev.weir.checkpoint.OperatorStateHandles;
import dev.weir.checkpoint.SubtaskStateHandle;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.OperatorStateBackend;
import dev.weir.state.RestoredKeyedState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The checkpointed state of one operator (all its old subtasks), from which a new subtask takes
 * its share: the keyed-state files whose key groups overlap its range, and its part of the
 * operator lists. Reading happens on the task thread, in {@code open}.
 */
public final class OperatorRestore {
    public static final OperatorRestore NONE = new OperatorRestore(null, null);

    private final CompletedCheckpoint checkpoint;
    private final OperatorStateHandles handles;

    public OperatorRestore(CompletedCheckpoint checkpoint, OperatorStateHandles handles) {
        this.checkpoint = checkpoint;
        this.handles = handles;
    }

    public boolean isEmpty() {
        return handles == null;
    }

    public long checkpointId() {
        return checkpoint == null ? 0 : checkpoint.checkpointId();
    }

    /** The keyed state of the old subtasks holding any key group of {@code range}. */
    public List<RestoredKeyedState> keyedStates(KeyGroupRange range) {
        List<RestoredKeyedState> states = new ArrayList<>();
        if (handles != null) {
            for (SubtaskStateHandle s : handles.subtasks()) {
                if (s.keyedFile() != null && s.firstKeyGroup() <= range.last() && s.lastKeyGroup() >= range.first()) {
                    states.add(new RestoredKeyedState(checkpoint.resolve(s.keyedFile()),
                            new KeyGroupRange(s.firstKeyGroup(), s.lastKeyGroup()), s.sharedFiles(),
                            checkpoint.jobDirectory()));
                }
            }
        }
        return states;
    }

    /** This subtask's share of the operator lists of all old subtasks (read from their files). */
    public Map<String, OperatorStateBackend.RawList> operatorStateShare(int subtask, int parallelism)
            throws IOException {
        if (handles == null) {
            return Map.of();
        }
        List<Map<String, OperatorStateBackend.RawList>> images = new ArrayList<>();
        List<SubtaskStateHandle> subtasks = new ArrayList<>(handles.subtasks());
        subtasks.sort(java.util.Comparator.comparingInt(SubtaskStateHandle::subtask));
        for (SubtaskStateHandle s : subtasks) {
            images.add(s.operatorFile() == null ? Map.of()
                    : OperatorStateBackend.read(checkpoint.resolve(s.operatorFile())));
        }
        if (images.size() != handles.parallelism()) {
            throw new IOException("checkpoint " + checkpoint.checkpointId() + " lists " + images.size()
                    + " subtasks for operator '" + handles.uid() + "' of parallelism " + handles.parallelism());
        }
        return OperatorStateBackend.redistribute(images, subtask, parallelism);
    }
}
