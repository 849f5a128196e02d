package dev.weir.flink.translate.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The enumerator's state: the splits not yet handed to a reader, by the subtask they are meant for (a fresh
 * start's initial splits until their reader registers, and splits a failed reader gave back). Once a subtask has
 * its splits, its reader's own state holds them.
 */
record UnassignedSplits<S>(Map<Integer, List<WeirSplit<S>>> bySubtask) {

    UnassignedSplits {
        TreeMap<Integer, List<WeirSplit<S>>> copy = new TreeMap<>();
        bySubtask.forEach((subtask, splits) -> copy.put(subtask, new ArrayList<>(splits)));
        bySubtask = copy;
    }

    /**
     * The same splits for a source now running with {@code parallelism} subtasks: those of a subtask that no longer
     * exists go to subtask {@code index % parallelism}.
     */
    UnassignedSplits<S> rescaled(int parallelism) {
        Map<Integer, List<WeirSplit<S>>> moved = new TreeMap<>();
        bySubtask.forEach((subtask, splits) ->
                moved.computeIfAbsent(subtask % parallelism, s -> new ArrayList<>()).addAll(splits));
        return new UnassignedSplits<>(moved);
    }
}
