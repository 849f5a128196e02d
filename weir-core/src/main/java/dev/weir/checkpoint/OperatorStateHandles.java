package dev.weir.checkpoint;

import java.util.List;

/**
 * The state an operator (matched by uid) wrote for a checkpoint: the names of its states (so a
 * restore can tell another job's checkpoint from this job's) and one handle per old subtask.
 */
public record OperatorStateHandles(String uid, String name, int parallelism, List<StateName> states,
                                   List<SubtaskStateHandle> subtasks) {

    public OperatorStateHandles {
        states = List.copyOf(states);
    }

    /** Whether any subtask wrote state (a stateless operator that is gone loses nothing). */
    public boolean hasState() {
        return subtasks.stream().anyMatch(s -> s.keyedFile() != null || s.operatorFile() != null);
    }
}
