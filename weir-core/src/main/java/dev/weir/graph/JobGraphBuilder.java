package dev.weir.graph;

import dev.weir.api.dag.Partitioning;
import dev.weir.api.dag.Transformation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Logical plan → physical plan: resolves parallelism and partitioning, checks the job, and
 * chains each operator into its input's vertex when they are connected one-to-one (forward,
 * single input, equal parallelism). A two-input operator always heads a vertex of its own.
 *
 * <p>Every check here runs before any thread starts, so a wrong job fails fast with a message
 * that names the operator or option.
 */
public final class JobGraphBuilder {

    private JobGraphBuilder() {
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobGraphBuilder.class);

    public static JobGraph build(String jobName, List<Transformation> transformations, int defaultParallelism,
                                 int maxParallelism) {
        return build(jobName, transformations, defaultParallelism, maxParallelism, false);
    }

    /** The job graph of a job as the API describes it. */
    public static JobGraph build(dev.weir.api.spi.JobSpec job) {
        return build(job.jobName(), job.plan(), job.execution().parallelism(), job.execution().maxParallelism(),
                job.execution().explicitUidsRequired());
    }

    /**
     * @param explicitUidsRequired a stateful operator without an explicit uid is an error (else a warning)
     */
    public static JobGraph build(String jobName, List<Transformation> transformations, int defaultParallelism,
                                 int maxParallelism, boolean explicitUidsRequired) {
        if (transformations.stream().noneMatch(t -> t.kind() == Transformation.Kind.SINK)) {
            throw new IllegalStateException("job '" + jobName + "' has no sink: end at least one stream with "
                    + "sinkTo(..), print() or a collecting sink");
        }
        transformations = inputsFirst(transformations);
        checkUniqueUids(transformations);
        checkExplicitUids(jobName, transformations, explicitUidsRequired);

        Map<Transformation, Integer> parallelism = new IdentityHashMap<>();
        for (Transformation t : transformations) {
            parallelism.put(t, resolveParallelism(t, defaultParallelism, maxParallelism, parallelism));
        }

        Map<Transformation, List<Transformation>> vertexChains = new IdentityHashMap<>();
        Map<Transformation, Transformation> headOf = new IdentityHashMap<>();
        List<Transformation> heads = new ArrayList<>();
        List<PendingEdge> pendingEdges = new ArrayList<>();
        for (Transformation t : transformations) {
            List<Transformation.Input> inputs = t.inputs();
            List<Partitioning> resolved = new ArrayList<>();
            for (Transformation.Input input : inputs) {
                resolved.add(resolvePartitioning(input, t, parallelism));
            }
            boolean twoInputs = t.operation() != null && t.operation().twoInputs(); // reads channels of two inputs
            boolean chainable = !twoInputs && inputs.size() == 1 && resolved.get(0) instanceof Partitioning.Forward
                    && (t.kind() == Transformation.Kind.SIDE_OUTPUT || chainsToItsInput(t, inputs.get(0).from()));
            if (chainable) {
                Transformation head = headOf.get(inputs.get(0).from());
                headOf.put(t, head);
                vertexChains.get(head).add(t);
            } else {
                headOf.put(t, t);
                heads.add(t);
                vertexChains.put(t, new ArrayList<>(List.of(t)));
                for (int i = 0; i < inputs.size(); i++) {
                    pendingEdges.add(new PendingEdge(inputs.get(i).from(), t, resolved.get(i),
                            inputs.get(i).inputIndex()));
                }
            }
        }

        Map<Transformation, JobVertex> vertexByHead = new HashMap<>();
        List<JobVertex> vertices = new ArrayList<>();
        for (Transformation head : heads) {
            JobVertex vertex = new JobVertex(vertices.size(), parallelism.get(head), List.copyOf(vertexChains.get(head)));
            vertexByHead.put(head, vertex);
            vertices.add(vertex);
        }
        List<JobEdge> edges = new ArrayList<>();
        for (PendingEdge edge : pendingEdges) {
            edges.add(new JobEdge(vertexByHead.get(headOf.get(edge.producer())), edge.producer(),
                    vertexByHead.get(edge.consumer()), edge.partitioning(), edge.inputIndex()));
        }
        for (Transformation t : transformations) {
            if (t.source() != null) {
                t.source().validate();
            }
        }
        return new JobGraph(jobName, maxParallelism, List.copyOf(vertices), List.copyOf(edges),
                List.copyOf(transformations), java.util.Collections.unmodifiableMap(OperatorUids.assign(transformations)));
    }

    /**
     * The transformations with every node after its inputs, otherwise in the order given (the order
     * the job defined them). Only a node whose inputs were set late (the merged dead-letter stream)
     * moves, with what reads it.
     */
    static List<Transformation> inputsFirst(List<Transformation> transformations) {
        List<Transformation> ordered = new ArrayList<>(transformations.size());
        java.util.Set<Transformation> placed = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Transformation t : transformations) {
            place(t, ordered, placed);
        }
        return ordered;
    }

    private static void place(Transformation t, List<Transformation> ordered, java.util.Set<Transformation> placed) {
        if (placed.add(t)) {
            for (Transformation.Input input : t.inputs()) {
                place(input.from(), ordered, placed);
            }
            ordered.add(t);
        }
    }

    /** Whether {@code t} may run fused with {@code input}: neither of them asked for a task of its own. */
    private static boolean chainsToItsInput(Transformation t, Transformation input) {
        Transformation producer = input.kind() == Transformation.Kind.SIDE_OUTPUT ? input.inputs().get(0).from() : input;
        return t.chaining() == Transformation.Chaining.ALWAYS && producer.chaining() != Transformation.Chaining.NEVER;
    }

    private record PendingEdge(Transformation producer, Transformation consumer, Partitioning partitioning,
                               int inputIndex) {
    }

    private static int resolveParallelism(Transformation t, int defaultParallelism, int maxParallelism,
                                          Map<Transformation, Integer> resolved) {
        if (t.kind() == Transformation.Kind.SIDE_OUTPUT) { // runs chained to its producer
            return resolved.get(t.inputs().get(0).from());
        }
        int p = t.parallelism() > 0 ? t.parallelism() : defaultParallelism;
        if (t.source() != null && p > t.source().maxSupportedParallelism()) {
            if (t.parallelism() > 0) {
                throw new IllegalArgumentException("source " + t + " supports parallelism up to "
                        + t.source().maxSupportedParallelism() + ", but setParallelism(" + p + ") was asked");
            }
            p = t.source().maxSupportedParallelism();
        }
        if (p > maxParallelism) {
            throw new IllegalArgumentException("parallelism " + p + " of operator " + t
                    + " exceeds maxParallelism " + maxParallelism + ": raise setMaxParallelism(..) or lower the parallelism");
        }
        return p;
    }

    private static Partitioning resolvePartitioning(Transformation.Input input, Transformation consumer,
                                                    Map<Transformation, Integer> parallelism) {
        int upstream = parallelism.get(input.from());
        int downstream = parallelism.get(consumer);
        Partitioning partitioning = input.partitioning();
        if (partitioning instanceof Partitioning.Default) {
            return upstream == downstream ? new Partitioning.Forward() : new Partitioning.Rebalance();
        }
        if (partitioning instanceof Partitioning.Forward && upstream != downstream) {
            throw new IllegalArgumentException("forward() from " + input.from() + " (parallelism " + upstream
                    + ") to " + consumer + " (parallelism " + downstream
                    + ") needs equal parallelism; use rebalance() instead");
        }
        return partitioning;
    }

    private static void checkExplicitUids(String jobName, List<Transformation> transformations, boolean required) {
        Map<Transformation, String> generated = OperatorUids.assign(transformations);
        List<String> missing = new ArrayList<>();
        for (Transformation t : transformations) {
            if (t.isStateful() && t.uid() == null) {
                missing.add("'" + t.name() + "' (generated uid '" + generated.get(t) + "')");
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "stateful operator(s) of job '" + jobName + "' without an explicit uid: "
                + String.join(", ", missing) + ". Their state is stored under the generated uid, which changes when "
                + "the operator's inputs change; set .uid(\"...\") on each to keep their state across job changes";
        if (required) {
            throw new IllegalArgumentException(message + " (explicit uids are required by requireExplicitUids())");
        }
        LOG.warn(message);
    }

    private static void checkUniqueUids(List<Transformation> transformations) {
        Map<String, Transformation> byUid = new HashMap<>();
        for (Transformation t : transformations) {
            if (t.uid() == null) {
                continue;
            }
            Transformation previous = byUid.putIfAbsent(t.uid(), t);
            if (previous != null) {
                throw new IllegalArgumentException("uid '" + t.uid() + "' is used by two operators, '"
                        + previous.name() + "' and '" + t.name() + "': each uid must be unique in a job");
            }
        }
    }
}
