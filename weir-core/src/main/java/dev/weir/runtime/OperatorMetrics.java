package dev.weir.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Record counters of one operator subtask. Written only by the task thread; read by the job
 * after the task's thread has ended (the join makes the writes visible), and while it runs by
 * progress displays. The counters are written and read with opaque access: on 64-bit JVMs that
 * is a plain store (no fence, no per-record cost beyond the increment), and it guarantees a
 * concurrent reader sees a recent value, never a torn one.
 *
 * <p>The records into the head of a chain are counted per batch, after the batch (so a running
 * task's count lags by at most a batch; a record that failed counts as in). The records out of an
 * operator are not counted on the way out: they are what its first consumer counted in (the next
 * operator of the chain, or the record writer of an outgoing edge, which every record out reaches
 * once), wired by {@link #countOutputsAs} before the task starts; only an operator with no consumer
 * counts its own.
 *
 * <p>Watermarks likewise: the operator's input watermark is recorded as it arrives (per watermark,
 * not per record); its output watermark is what its first consumer got (wired by
 * {@link #watermarkOutAs}), or its input watermark when nothing consumes it.
 */
public final class OperatorMetrics {
    private static final VarHandle RECORDS_IN;
    private static final VarHandle RECORDS_OUT;
    private static final VarHandle INPUT_WATERMARK;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            RECORDS_IN = lookup.findVarHandle(OperatorMetrics.class, "recordsIn", long.class);
            RECORDS_OUT = lookup.findVarHandle(OperatorMetrics.class, "recordsOut", long.class);
            INPUT_WATERMARK = lookup.findVarHandle(OperatorMetrics.class, "inputWatermark", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long recordsIn;
    private long recordsOut;
    private volatile java.util.function.LongSupplier outputs; // the first consumer's count; null: recordsOut
    private long inputWatermark = Long.MIN_VALUE;
    private volatile java.util.function.LongSupplier outputWatermark; // the first consumer's; null: the input's

    /** Counts one record into the operator; task thread only. */
    void countIn() {
        RECORDS_IN.setOpaque(this, recordsIn + 1);
    }

    /** Counts {@code records} records into the operator; task thread only. */
    void countIn(int records) {
        RECORDS_IN.setOpaque(this, recordsIn + records);
    }

    /** The records out of the operator are those {@code firstConsumer} counts; set before the task starts. */
    void countOutputsAs(java.util.function.LongSupplier firstConsumer) {
        this.outputs = firstConsumer;
    }

    /** Counts one record out of an operator that has no consumer; task thread only. */
    void countOut() {
        RECORDS_OUT.setOpaque(this, recordsOut + 1);
    }

    /** Records in so far; any thread (a running task's count is recent, not exact). */
    public long recordsIn() {
        return (long) RECORDS_IN.getOpaque(this);
    }

    /** Records out so far; any thread (a running task's count is recent, not exact). */
    public long recordsOut() {
        java.util.function.LongSupplier counted = outputs;
        return counted != null ? counted.getAsLong() : (long) RECORDS_OUT.getOpaque(this);
    }

    /** A watermark reached the operator; task thread only. */
    void watermarkIn(long watermark) {
        INPUT_WATERMARK.setOpaque(this, watermark);
    }

    /** The operator's output watermark is what {@code firstConsumer} got; set before the task starts. */
    void watermarkOutAs(java.util.function.LongSupplier firstConsumer) {
        this.outputWatermark = firstConsumer;
    }

    /** The last watermark into the operator ({@code Long.MIN_VALUE}: none yet); any thread. */
    public long inputWatermark() {
        return (long) INPUT_WATERMARK.getOpaque(this);
    }

    /** The last watermark out of the operator ({@code Long.MIN_VALUE}: none yet); any thread. */
    public long outputWatermark() {
        java.util.function.LongSupplier emitted = outputWatermark;
        return emitted != null ? emitted.getAsLong() : inputWatermark();
    }
}
