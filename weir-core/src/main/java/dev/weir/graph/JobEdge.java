package dev.weir.graph;

import dev.weir.api.dag.Partitioning;
import dev.weir.api.dag.Transformation;

/**
 * Channels between two vertices: records emitted by operator {@code producer} (a member of
 * vertex {@code from}) go, partitioned, to the head of vertex {@code to}, as its input
 * {@code inputIndex} (0, or 1 for the second input of a two-input head).
 */
public record JobEdge(JobVertex from, Transformation producer, JobVertex to, Partitioning partitioning,
                      int inputIndex) {

    /** An edge into the (first) input of {@code to}. */
    public JobEdge(JobVertex from, Transformation producer, JobVertex to, Partitioning partitioning) {
        this(from, producer, to, partitioning, 0);
    }

    /** Forward edges connect subtask i to subtask i only; all others connect every pair. */
    public boolean isPointwise() {
        return partitioning instanceof Partitioning.Forward;
    }
}
