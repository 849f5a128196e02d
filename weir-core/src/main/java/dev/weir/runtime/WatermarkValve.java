package dev.weir.runtime;

import dev.weir.runtime.operators.Output;

/**
 * Combines the watermarks and idle statuses of a task's input channels into the task's own, which
 * it passes to {@link Output#emitWatermark} / {@link Output#emitWatermarkStatus}:
 * <ul>
 *   <li>each channel keeps its last watermark and whether it is idle;</li>
 *   <li>the task's watermark is the minimum over the active channels that have caught up with it
 *       ("aligned") and never goes backwards;</li>
 *   <li>an idle channel is left out; when it becomes active again it rejoins the minimum only once
 *       its watermark has reached the task's (it cannot pull the watermark back);</li>
 *   <li>when every channel is idle the task goes idle, and active again with the first active one;</li>
 *   <li>an ended channel counts as having watermark {@code Long.MAX_VALUE}.</li>
 * </ul>
 * Task thread only. A channel blocked for barrier alignment sends nothing here, so its watermarks
 * wait behind the barrier in the channel.
 *
 * <p><b>Two inputs.</b> A two-input task has one valve per input over that input's channels, and
 * each feeds one slot of a valve of two slots, whose output is the operator's watermark: the
 * minimum of both inputs, an idle input left out, never backwards ({@link #perInput}).
 */
public final class WatermarkValve {
    private final long[] watermarks;
    private final boolean[] idle;
    private final boolean[] aligned;
    private final Output<?> output;
    private long lastOutput = Long.MIN_VALUE;
    private boolean outputIdle;

    public WatermarkValve(int channels, Output<?> output) {
        this.watermarks = new long[channels];
        this.idle = new boolean[channels];
        this.aligned = new boolean[channels];
        this.output = output;
        java.util.Arrays.fill(watermarks, Long.MIN_VALUE);
        java.util.Arrays.fill(aligned, true);
    }

    /**
     * The valves of a task's inputs, {@code channelsPerInput[i]} channels for input {@code i}: for one
     * input its valve emits to {@code output}; for two, each input's valve emits into one slot of a valve
     * of two slots that emits to {@code output}.
     */
    public static WatermarkValve[] perInput(Output<?> output, int... channelsPerInput) {
        if (channelsPerInput.length == 1) {
            return new WatermarkValve[] {new WatermarkValve(channelsPerInput[0], output)};
        }
        if (channelsPerInput.length != 2) {
            throw new IllegalArgumentException("a task has one or two inputs, not " + channelsPerInput.length);
        }
        WatermarkValve inputs = new WatermarkValve(2, output);
        return new WatermarkValve[] {new WatermarkValve(channelsPerInput[0], inputs.slot(0)),
                new WatermarkValve(channelsPerInput[1], inputs.slot(1))};
    }

    /** An output that feeds this valve's {@code channel}: what another valve emits arrives here as on a channel. */
    private Output<Object> slot(int channel) {
        return new Output<>() {
            @Override
            public void collect(Object record) {
                throw new IllegalStateException("a valve passes no records");
            }

            @Override
            public void emitWatermark(long watermark) {
                WatermarkValve.this.watermark(channel, watermark);
            }

            @Override
            public void emitWatermarkStatus(boolean idle) {
                status(channel, idle);
            }
        };
    }

    /** Watermark {@code watermark} arrived on {@code channel}. */
    public void watermark(int channel, long watermark) {
        if (idle[channel]) {
            activate(channel); // a watermark means the channel is active
        }
        if (watermark > watermarks[channel]) {
            watermarks[channel] = watermark;
            if (watermark >= lastOutput) {
                aligned[channel] = true;
            }
            emitNewMinimum();
        }
    }

    /** A status arrived on {@code channel}. */
    public void status(int channel, boolean nowIdle) {
        if (nowIdle && !idle[channel]) {
            idle[channel] = true;
            aligned[channel] = false;
            if (allIdle()) {
                outputIdle = true;
                output.emitWatermarkStatus(true);
            } else {
                emitNewMinimum(); // the channel may have held the minimum back
            }
        } else if (!nowIdle && idle[channel]) {
            activate(channel);
        }
    }

    /** A record arrived on {@code channel}: a channel that has data is active. */
    public void record(int channel) {
        if (idle[channel]) {
            activate(channel);
        }
    }

    /** {@code channel} ended: it holds nothing back any more. */
    public void ended(int channel) {
        idle[channel] = false;
        watermark(channel, Long.MAX_VALUE);
    }

    /** The task's current watermark ({@code Long.MIN_VALUE} before the first). */
    public long current() {
        return lastOutput;
    }

    private void activate(int channel) {
        idle[channel] = false;
        aligned[channel] = watermarks[channel] >= lastOutput;
        if (outputIdle) {
            outputIdle = false;
            output.emitWatermarkStatus(false);
        }
    }

    private boolean allIdle() {
        for (boolean i : idle) {
            if (!i) {
                return false;
            }
        }
        return true;
    }

    private void emitNewMinimum() {
        long min = Long.MAX_VALUE;
        boolean any = false;
        for (int i = 0; i < watermarks.length; i++) {
            if (!idle[i] && aligned[i]) {
                any = true;
                min = Math.min(min, watermarks[i]);
            }
        }
        if (any && min > lastOutput) {
            lastOutput = min;
            output.emitWatermark(min);
        }
    }
}
