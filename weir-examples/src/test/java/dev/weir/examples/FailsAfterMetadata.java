package dev.weir.examples;

import dev.weir.api.spi.SubtaskInfo;
import dev.weir.api.testing.FaultInjector;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fails the job once, at the coordinator, right after the metadata of the first checkpoint from
 * {@code firstCheckpoint} on is durable and before the tasks hear that it completed: the sinks'
 * transactions of that checkpoint stay pre-committed, not committed. Without a restart strategy the
 * job ends there, as if its process had died at that moment.
 */
final class FailsAfterMetadata implements FaultInjector {
    private final long firstCheckpoint;
    private final AtomicLong failedAfter = new AtomicLong();

    FailsAfterMetadata(long firstCheckpoint) {
        this.firstCheckpoint = firstCheckpoint;
    }

    @Override
    public void at(Point point, SubtaskInfo task, long checkpointId, int attempt) {
        if (point == Point.AFTER_METADATA && checkpointId >= firstCheckpoint && failedAfter.compareAndSet(0, checkpointId)) {
            throw new InjectedFault("process dies after the metadata of checkpoint " + checkpointId);
        }
    }

    /** The checkpoint whose metadata was the last thing done, or 0 if the fault did not happen yet. */
    long failedAfter() {
        return failedAfter.get();
    }
}
