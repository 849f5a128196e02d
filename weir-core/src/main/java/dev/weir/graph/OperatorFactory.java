package dev.weir.graph;

import dev.weir.runtime.operators.StreamOperator;

/** Creates the operator instance of one parallel subtask (with its own copy of the user function). */
@FunctionalInterface
public interface OperatorFactory {
    StreamOperator<?> create();
}
