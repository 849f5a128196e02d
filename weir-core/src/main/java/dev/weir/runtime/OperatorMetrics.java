package dev.weir.runtime;

/**
 * Record counters of one operator subtask. Written only by the task thread; read by the job
 * after the task's thread has ended (the join makes the writes visible).
 */
public final class OperatorMetrics {
    long recordsIn;
    long recordsOut;

    public long recordsIn() {
        return recordsIn;
    }

    public long recordsOut() {
        return recordsOut;
    }
}
