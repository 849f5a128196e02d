package dev.weir.testing;

import dev.weir.api.connector.SourceContext;

/** Where a reader created directly in a test thinks it runs. */
public final class TestSourceContext implements SourceContext {
    private final int subtaskIndex;
    private final int parallelism;

    public TestSourceContext(int subtaskIndex, int parallelism) {
        this.subtaskIndex = subtaskIndex;
        this.parallelism = parallelism;
    }

    @Override
    public int getSubtaskIndex() {
        return subtaskIndex;
    }

    @Override
    public int getParallelism() {
        return parallelism;
    }

    @Override
    public long currentProcessingTime() {
        return System.currentTimeMillis();
    }
}
