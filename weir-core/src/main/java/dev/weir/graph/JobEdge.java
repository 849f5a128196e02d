package dev.weir.graph;

import dev.weir.api.dag.Partitioning;
import dev.weir.api.dag.Transformation;

/**
 * Channels between two vertices: records emitted by operator {@code producer} (a member of
 * vertex {@code from}) go, partitioned, to the head of vertex {@code to}.
 */
public record JobEdge(JobVertex from, Transformation producer, JobVertex to, Partitioning partitioning) {

    /** Forward edges connect subtask i to subtask i only; all others connect every pair. */
    public boolean isPointwise() {
        return partitioning instanceof Partitioning.Forward;
    }
}
