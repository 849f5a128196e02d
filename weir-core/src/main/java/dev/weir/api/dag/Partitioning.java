package dev.weir.api.dag;

import dev.weir.api.functions.KeySelector;

/** How records go from the subtasks of one operator to the subtasks of the next. */
public sealed interface Partitioning {

    /** Forward if the parallelisms are equal (then the operators chain), else rebalance. */
    record Default() implements Partitioning {
    }

    /** Subtask i sends to subtask i only; needs equal parallelism. */
    record Forward() implements Partitioning {
    }

    /** Round-robin over all downstream subtasks. */
    record Rebalance() implements Partitioning {
    }

    /** Every record to every downstream subtask. */
    record Broadcast() implements Partitioning {
    }

    /** By key: key → key group → the subtask that owns the group. */
    record Hash(KeySelector<?, ?> keySelector) implements Partitioning {
    }
}
