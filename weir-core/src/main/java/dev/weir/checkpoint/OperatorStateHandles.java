package dev.weir.checkpoint;

import java.util.List;

/** The state an operator (matched by uid) wrote for a checkpoint, one handle per old subtask. */
public record OperatorStateHandles(String uid, String name, int parallelism, List<SubtaskStateHandle> subtasks) {
}
