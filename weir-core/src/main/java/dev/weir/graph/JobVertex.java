package dev.weir.graph;

import dev.weir.api.dag.Transformation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A unit of parallel execution: a chain of operators fused into one task per subtask, called
 * one after another as plain method calls. {@code chain.get(0)} is the head: a source, or the
 * operator that reads the vertex's input channels. The chain is in topological order.
 */
public record JobVertex(int id, int parallelism, List<Transformation> chain) {

    public Transformation head() {
        return chain.get(0);
    }

    public boolean isSource() {
        return head().kind() == Transformation.Kind.SOURCE;
    }

    public String name() {
        return chain.stream().map(Transformation::name).collect(Collectors.joining(" -> "));
    }
}
