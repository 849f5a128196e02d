package dev.weir.checkpoint;

import dev.weir.api.CheckpointingMode;

import java.util.BitSet;

/**
 * The barrier-alignment protocol of one task with several input channels, as a state machine:
 * each event returns the next state and the one {@link Action} the task must carry out.
 *
 * <pre>
 * Idle ──barrier n on input i──▶ Aligning(n, {i})            action: Block(i) (exactly-once)
 * Aligning ──barrier n on j──▶ Aligning(n, {i, j}) …           action: Block(j)
 * Aligning ──last barrier n / end of the last owing input──▶ Idle   action: Snapshot(n)
 * Aligning ──n aborted, or barrier m &gt; n──▶ Idle / Aligning(m)    action: Cancel / Cancel then Block
 * </pre>
 *
 * An input that has ended owes no barrier. Barriers of checkpoints at or below the last one seen
 * complete or cancelled are stale and ignored. In {@link CheckpointingMode#AT_LEAST_ONCE} inputs
 * are never blocked; the snapshot is taken when the last barrier arrives.
 */
public sealed interface BarrierAlignment {

    /** What the task does after an event. */
    sealed interface Action {
        /** Nothing to do. */
        record None() implements Action {
        }

        /** Hold back this input channel until the alignment ends. */
        record Block(int channel) implements Action {
        }

        /** All inputs delivered barrier n: unblock all, snapshot, forward barrier n. */
        record Snapshot(long checkpointId, long alignmentStartNanos) implements Action {
        }

        /** Alignment of n is given up (aborted or overtaken): unblock all inputs. */
        record Cancel(long checkpointId, Action then) implements Action {
        }
    }

    /** The next state and the action to carry out. */
    record Step(BarrierAlignment next, Action action) {
    }

    Action NONE = new Action.None();

    /** No checkpoint in progress at this task. */
    record Idle(long lastCheckpointId) implements BarrierAlignment {
    }

    /** Barriers of {@code checkpointId} have arrived on {@code received} (or those inputs ended). */
    record Aligning(long checkpointId, long startNanos, BitSet received) implements BarrierAlignment {
    }

    static BarrierAlignment start() {
        return new Idle(0);
    }

    /** Barrier {@code checkpointId} arrived on {@code channel}; {@code ended} are inputs that have ended. */
    static Step onBarrier(BarrierAlignment state, int channel, long checkpointId, BitSet ended, int channels,
                          CheckpointingMode mode, long nowNanos) {
        if (state instanceof Aligning aligning) {
            if (checkpointId == aligning.checkpointId()) {
                BitSet received = (BitSet) aligning.received().clone();
                received.set(channel);
                return complete(aligning.checkpointId(), aligning.startNanos(), received, ended, channels, channel, mode);
            }
            if (checkpointId < aligning.checkpointId()) {
                return new Step(state, NONE); // stale barrier of an older, given-up checkpoint
            }
            // A newer checkpoint overtook this one: n can never complete here; start aligning m.
            Step started = startAligning(checkpointId, channel, ended, channels, mode, nowNanos);
            return new Step(started.next(), new Action.Cancel(aligning.checkpointId(), started.action()));
        }
        Idle idle = (Idle) state;
        if (checkpointId <= idle.lastCheckpointId()) {
            return new Step(state, NONE);
        }
        return startAligning(checkpointId, channel, ended, channels, mode, nowNanos);
    }

    /** Input {@code channel} has ended; it no longer owes a barrier. */
    static Step onEndOfInput(BarrierAlignment state, BitSet ended, int channels, CheckpointingMode mode) {
        if (state instanceof Aligning aligning) {
            return complete(aligning.checkpointId(), aligning.startNanos(), aligning.received(), ended, channels, -1,
                    mode);
        }
        return new Step(state, NONE);
    }

    /** Checkpoint {@code checkpointId} was aborted by the coordinator. */
    static Step onAbort(BarrierAlignment state, long checkpointId) {
        if (state instanceof Aligning aligning && aligning.checkpointId() == checkpointId) {
            return new Step(new Idle(checkpointId), new Action.Cancel(aligning.checkpointId(), NONE));
        }
        if (state instanceof Idle idle && idle.lastCheckpointId() < checkpointId) {
            return new Step(new Idle(checkpointId), NONE); // its barriers, if they still come, are stale
        }
        return new Step(state, NONE);
    }

    private static Step startAligning(long checkpointId, int channel, BitSet ended, int channels,
                                      CheckpointingMode mode, long nowNanos) {
        BitSet received = new BitSet(channels);
        received.set(channel);
        return complete(checkpointId, nowNanos, received, ended, channels, channel, mode);
    }

    private static Step complete(long checkpointId, long startNanos, BitSet received, BitSet ended, int channels,
                                 int arrivedOn, CheckpointingMode mode) {
        BitSet done = (BitSet) received.clone();
        done.or(ended);
        if (done.cardinality() >= channels) {
            return new Step(new Idle(checkpointId), new Action.Snapshot(checkpointId, startNanos));
        }
        Action action = arrivedOn >= 0 && mode == CheckpointingMode.EXACTLY_ONCE ? new Action.Block(arrivedOn) : NONE;
        return new Step(new Aligning(checkpointId, startNanos, received), action);
    }
}
