package dev.weir.graph;

import java.util.List;

/**
 * The physical plan: chained vertices and the edges between them, plus the job-wide settings
 * the runtime needs.
 */
public record JobGraph(String jobName, int maxParallelism, List<JobVertex> vertices, List<JobEdge> edges,
                       List<Transformation> transformations) {

    public JobVertex vertexOf(Transformation transformation) {
        for (JobVertex vertex : vertices) {
            if (vertex.chain().contains(transformation)) {
                return vertex;
            }
        }
        throw new IllegalArgumentException("no vertex holds " + transformation);
    }
}
