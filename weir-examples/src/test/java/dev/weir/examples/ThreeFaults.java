package dev.weir.examples;

import dev.weir.api.testing.FaultInjector;
import dev.weir.api.spi.SubtaskInfo;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fault plan of the counts fault-injection tests: one failure at {@code point} in each of the
 * attempts 0..2, in the first subtask, after checkpoint 1. Attempt 0 has nothing to restore, so a
 * plan for RESTORE fails attempt 0 in the asynchronous part of a snapshot instead.
 */
final class ThreeFaults implements FaultInjector {
    private final Point point;
    private final AtomicInteger injected = new AtomicInteger();

    ThreeFaults(Point point) {
        this.point = point;
    }

    @Override
    public void at(Point at, SubtaskInfo task, long checkpointId, int attempt) {
        Point here = point == Point.RESTORE && attempt == 0 ? Point.ASYNC_SNAPSHOT : point;
        if (at == here && attempt < 3 && (task == null || task.subtaskIndex() == 0)
                && injected.get() == attempt && (at == Point.RESTORE || checkpointId != 1)) {
            injected.incrementAndGet();
            throw new InjectedFault("injected at " + at + " in attempt " + attempt);
        }
    }

    int injected() {
        return injected.get();
    }
}
