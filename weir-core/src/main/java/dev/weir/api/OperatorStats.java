package dev.weir.api;

/** Records counted for one operator, summed over its parallel subtasks. */
public record OperatorStats(String name, String uid, int parallelism, long recordsIn, long recordsOut) {
}
