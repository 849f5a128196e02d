package dev.weir.api;

import dev.weir.api.dag.Operation;

/** Test access to the window operation a windowed stream's function added (to drive it in a harness). */
public final class WindowOperations {
    private WindowOperations() {
    }

    public static Operation.Windowed of(SingleOutputStreamOperator<?> windowed) {
        return (Operation.Windowed) windowed.transformation.operation();
    }
}
