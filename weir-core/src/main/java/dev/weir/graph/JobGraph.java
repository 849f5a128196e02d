package dev.weir.graph;

import dev.weir.api.dag.Transformation;
import java.util.List;
import java.util.Map;

/**
 * The physical plan: chained vertices and the edges between them, plus the job-wide settings
 * the runtime needs.
 */
public record JobGraph(String jobName, int maxParallelism, List<JobVertex> vertices, List<JobEdge> edges,
                       List<Transformation> transformations, Map<Transformation, String> uids) {

    /** The uid the operator's state is stored under (see {@link OperatorUids}). */
    public String uidOf(Transformation transformation) {
        return uids.get(transformation);
    }

    public JobVertex vertexOf(Transformation transformation) {
        for (JobVertex vertex : vertices) {
            if (vertex.chain().contains(transformation)) {
                return vertex;
            }
        }
        throw new IllegalArgumentException("no vertex holds " + transformation);
    }
}
