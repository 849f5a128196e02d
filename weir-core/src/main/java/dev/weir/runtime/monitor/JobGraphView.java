package dev.weir.runtime.monitor;

import dev.weir.api.dag.Partitioning;
import dev.weir.api.dag.Transformation;
import dev.weir.graph.JobEdge;
import dev.weir.graph.JobGraph;
import dev.weir.graph.JobVertex;
import java.util.ArrayList;
import java.util.List;

/**
 * A read-only picture of a job's physical plan for monitoring (the REST API, the dashboard): every
 * operator with its uid, name, parallelism and the task (chain) it runs in, and every edge between
 * operators with its partitioning. Made once from the {@link JobGraph} when asked; immutable, so any
 * thread may read it while the job runs.
 *
 * @param jobName   the job's name
 * @param operators the operators in topological order
 * @param edges     the edges between operators: chained ones (a plain method call inside a task) and
 *                  network ones (channels between tasks)
 */
public record JobGraphView(String jobName, List<Operator> operators, List<Edge> edges) {

    public JobGraphView {
        operators = List.copyOf(operators);
        edges = List.copyOf(edges);
    }

    /**
     * One operator.
     *
     * @param uid          the uid its state is stored under (unique in the job)
     * @param name         its name, as the job set it (or the default)
     * @param kind         SOURCE, OPERATOR, KEYED_OPERATOR, SINK or SIDE_OUTPUT
     * @param parallelism  its subtasks
     * @param taskId       the id of the task (chain) it runs in; operators with the same id are chained
     * @param chainedWith  the uids of the other operators of its chain, in chain order
     */
    public record Operator(String uid, String name, String kind, int parallelism, int taskId,
                           List<String> chainedWith) {
        public Operator {
            chainedWith = List.copyOf(chainedWith);
        }
    }

    /**
     * Records from one operator to the next.
     *
     * @param from         the producer's uid
     * @param to           the consumer's uid
     * @param partitioning FORWARD, HASH, REBALANCE, BROADCAST, or CHAINED (the same task, no channel)
     * @param inputIndex   which input of the consumer (0, or 1 for the second input of a two-input operator)
     */
    public record Edge(String from, String to, String partitioning, int inputIndex) {
    }

    /** The view of {@code graph}. */
    public static JobGraphView of(JobGraph graph) {
        List<Operator> operators = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (JobVertex vertex : graph.vertices()) {
            List<String> chain = vertex.chain().stream().map(graph::uidOf).toList();
            for (Transformation t : vertex.chain()) {
                String uid = graph.uidOf(t);
                operators.add(new Operator(uid, t.name(), t.kind().name(), vertex.parallelism(), vertex.id(),
                        chain.stream().filter(other -> !other.equals(uid)).toList()));
                for (Transformation.Input input : t.inputs()) {
                    if (t != vertex.head() && vertex.chain().contains(input.from())) {
                        edges.add(new Edge(graph.uidOf(input.from()), uid, "CHAINED", input.inputIndex()));
                    }
                }
            }
        }
        for (JobEdge edge : graph.edges()) {
            edges.add(new Edge(graph.uidOf(edge.producer()), graph.uidOf(edge.to().head()),
                    name(edge.partitioning()), edge.inputIndex()));
        }
        return new JobGraphView(graph.jobName(), operators, edges);
    }

    private static String name(Partitioning partitioning) {
        if (partitioning instanceof Partitioning.Forward) {
            return "FORWARD";
        } else if (partitioning instanceof Partitioning.Hash) {
            return "HASH";
        } else if (partitioning instanceof Partitioning.Rebalance) {
            return "REBALANCE";
        } else if (partitioning instanceof Partitioning.Broadcast) {
            return "BROADCAST";
        }
        return partitioning.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
    }
}
