package dev.weir.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.weir.api.CheckpointingMode;
import dev.weir.checkpoint.BarrierAlignment.Action;
import dev.weir.checkpoint.BarrierAlignment.Aligning;
import dev.weir.checkpoint.BarrierAlignment.Idle;
import dev.weir.checkpoint.BarrierAlignment.Step;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** The barrier-alignment state machine, event by event, without a task around it. */
class BarrierAlignmentTest {
    private static final CheckpointingMode EXACTLY_ONCE = CheckpointingMode.EXACTLY_ONCE;
    private static final CheckpointingMode AT_LEAST_ONCE = CheckpointingMode.AT_LEAST_ONCE;

    private static BitSet ended(int... channels) {
        BitSet set = new BitSet();
        for (int c : channels) {
            set.set(c);
        }
        return set;
    }

    private static BitSet none() {
        return new BitSet();
    }

    private static Step barrier(BarrierAlignment state, int channel, long id, int channels, long now) {
        return BarrierAlignment.onBarrier(state, channel, id, none(), channels, EXACTLY_ONCE, now);
    }

    @Test
    void whenTheOnlyInputDeliversABarrier_thenTheTaskSnapshotsAtOnceAndIsIdleAgain() {
        Step step = barrier(BarrierAlignment.start(), 0, 1, 1, 500);

        assertEquals(new Action.Snapshot(1, 500), step.action());
        assertEquals(new Idle(1), step.next());
    }

    @Test
    void whenTheFirstOfTwoInputsDeliversABarrier_thenItIsBlocked_andTheSecondBarrierTriggersTheSnapshot() {
        Step first = barrier(BarrierAlignment.start(), 1, 7, 2, 100);

        assertEquals(new Action.Block(1), first.action());
        Aligning aligning = assertInstanceOf(Aligning.class, first.next());
        assertEquals(7, aligning.checkpointId());
        assertEquals(ended(1), aligning.received());

        Step second = barrier(first.next(), 0, 7, 2, 900);

        // The alignment time counts from the first barrier, not the last.
        assertEquals(new Action.Snapshot(7, 100), second.action());
        assertEquals(new Idle(7), second.next());
        assertEquals(ended(1), aligning.received(), "earlier states are not changed by later events");
    }

    @Test
    void whenThreeInputsAlign_thenEveryInputButTheLastIsBlockedInTurn() {
        Step a = barrier(BarrierAlignment.start(), 2, 3, 3, 10);
        Step b = barrier(a.next(), 0, 3, 3, 20);
        Step c = barrier(b.next(), 1, 3, 3, 30);

        assertEquals(new Action.Block(2), a.action());
        assertEquals(new Action.Block(0), b.action());
        assertEquals(new Action.Snapshot(3, 10), c.action());
        assertEquals(new Idle(3), c.next());
    }

    @Test
    void whenAtLeastOnce_thenNoInputIsEverBlocked_butTheSnapshotWaitsForTheLastBarrier() {
        Step a = BarrierAlignment.onBarrier(BarrierAlignment.start(), 0, 4, none(), 3, AT_LEAST_ONCE, 10);
        Step b = BarrierAlignment.onBarrier(a.next(), 2, 4, none(), 3, AT_LEAST_ONCE, 20);
        Step c = BarrierAlignment.onBarrier(b.next(), 1, 4, none(), 3, AT_LEAST_ONCE, 30);

        assertSame(BarrierAlignment.NONE, a.action());
        assertSame(BarrierAlignment.NONE, b.action());
        assertInstanceOf(Aligning.class, b.next());
        assertEquals(new Action.Snapshot(4, 10), c.action());
        assertEquals(new Idle(4), c.next());
    }

    @Test
    void whenTheInputStillOwingTheBarrierEnds_thenTheAlignmentCompletesWithASnapshot() {
        Step first = barrier(BarrierAlignment.start(), 0, 2, 2, 50);
        assertEquals(new Action.Block(0), first.action());

        Step end = BarrierAlignment.onEndOfInput(first.next(), ended(1), 2, EXACTLY_ONCE);

        assertEquals(new Action.Snapshot(2, 50), end.action());
        assertEquals(new Idle(2), end.next());
    }

    @Test
    void whenOneOfThreeInputsEndsWhileAligning_thenTheAlignmentStillWaitsForTheThird() {
        Step first = barrier(BarrierAlignment.start(), 0, 2, 3, 50);

        Step end = BarrierAlignment.onEndOfInput(first.next(), ended(1), 3, EXACTLY_ONCE);

        assertSame(BarrierAlignment.NONE, end.action());
        assertInstanceOf(Aligning.class, end.next());
        Step last = BarrierAlignment.onBarrier(end.next(), 2, 2, ended(1), 3, EXACTLY_ONCE, 80);
        assertEquals(new Action.Snapshot(2, 50), last.action());
    }

    @Test
    void whenTheOtherInputsHaveAlreadyEnded_thenOneBarrierIsEnoughForTheSnapshot() {
        Step step = BarrierAlignment.onBarrier(BarrierAlignment.start(), 1, 5, ended(0, 2), 3, EXACTLY_ONCE, 1);

        assertEquals(new Action.Snapshot(5, 1), step.action());
    }

    @Test
    void whenAnInputEndsWhileIdle_thenNothingHappens() {
        Step step = BarrierAlignment.onEndOfInput(new Idle(3), ended(0), 2, EXACTLY_ONCE);

        assertEquals(new Idle(3), step.next());
        assertSame(BarrierAlignment.NONE, step.action());
    }

    @Test
    void whenABarrierOfACompletedOrOlderCheckpointArrives_thenItIsIgnored() {
        Step done = barrier(BarrierAlignment.start(), 0, 5, 1, 0);
        assertEquals(new Idle(5), done.next());

        for (long stale : new long[] {5, 4, 1}) {
            Step step = barrier(done.next(), 0, stale, 2, 10);
            assertSame(done.next(), step.next(), "barrier " + stale);
            assertSame(BarrierAlignment.NONE, step.action(), "barrier " + stale);
        }
    }

    @Test
    void whenABarrierOlderThanTheOneBeingAlignedArrives_thenItIsIgnoredAndNothingIsBlocked() {
        Step aligning = barrier(BarrierAlignment.start(), 0, 6, 2, 0);

        Step stale = barrier(aligning.next(), 1, 5, 2, 10);

        assertSame(aligning.next(), stale.next());
        assertSame(BarrierAlignment.NONE, stale.action());
    }

    @Test
    void whenANewerBarrierOvertakesTheAlignment_thenTheOldOneIsCancelledAndTheNewInputBlocked() {
        Step first = barrier(BarrierAlignment.start(), 0, 1, 3, 100);

        Step overtaken = barrier(first.next(), 1, 2, 3, 200);

        assertEquals(new Action.Cancel(1, new Action.Block(1)), overtaken.action());
        Aligning aligning = assertInstanceOf(Aligning.class, overtaken.next());
        assertEquals(2, aligning.checkpointId());
        assertEquals(200, aligning.startNanos(), "the new alignment starts at its own first barrier");
        assertEquals(ended(1), aligning.received(), "inputs that sent barrier 1 owe barrier 2 again");

        // The rest of checkpoint 2 completes normally; late barriers of 1 are stale.
        Step late = barrier(overtaken.next(), 2, 1, 3, 250);
        assertSame(BarrierAlignment.NONE, late.action());
        Step b = barrier(late.next(), 0, 2, 3, 300);
        Step c = barrier(b.next(), 2, 2, 3, 400);
        assertEquals(new Action.Block(0), b.action());
        assertEquals(new Action.Snapshot(2, 200), c.action());
        assertEquals(new Idle(2), c.next());
    }

    @Test
    void whenANewerBarrierOvertakesWithAnInputEnded_thenEndedInputsOweNothingButOthersOweTheNewBarrier() {
        // Of three inputs, 2 delivered barrier 1, and 1 has ended; now barrier 2 arrives on 0.
        BarrierAlignment aligning = new Aligning(1, 0, ended(2));

        Step step = BarrierAlignment.onBarrier(aligning, 0, 2, ended(1), 3, EXACTLY_ONCE, 50);

        // Channel 2 received barrier 1 only, so checkpoint 2 still waits for it.
        assertEquals(new Action.Cancel(1, new Action.Block(0)), step.action());

        Step done = BarrierAlignment.onBarrier(step.next(), 2, 2, ended(1), 3, EXACTLY_ONCE, 60);
        assertEquals(new Action.Snapshot(2, 50), done.action());
    }

    @Test
    void whenTheAlignedCheckpointIsAborted_thenTheAlignmentIsCancelledAndItsLateBarriersAreStale() {
        Step first = barrier(BarrierAlignment.start(), 0, 3, 2, 0);

        Step abort = BarrierAlignment.onAbort(first.next(), 3);

        assertEquals(new Action.Cancel(3, BarrierAlignment.NONE), abort.action());
        assertEquals(new Idle(3), abort.next());
        Step late = barrier(abort.next(), 1, 3, 2, 10);
        assertSame(BarrierAlignment.NONE, late.action());
        assertEquals(new Idle(3), late.next());
        // The next checkpoint aligns normally.
        assertEquals(new Action.Block(1), barrier(late.next(), 1, 4, 2, 20).action());
    }

    @Test
    void whenAnOlderCheckpointIsAbortedWhileAligningANewerOne_thenTheAlignmentGoesOn() {
        Step first = barrier(BarrierAlignment.start(), 0, 5, 2, 0);

        Step abort = BarrierAlignment.onAbort(first.next(), 4);

        assertSame(first.next(), abort.next());
        assertSame(BarrierAlignment.NONE, abort.action());
        assertEquals(new Action.Snapshot(5, 0), barrier(abort.next(), 1, 5, 2, 10).action());
    }

    @Test
    void whenACheckpointIsAbortedWhileIdle_thenItsBarriersArrivingLaterAreStale() {
        Step abort = BarrierAlignment.onAbort(BarrierAlignment.start(), 2);

        assertEquals(new Idle(2), abort.next());
        assertSame(BarrierAlignment.NONE, abort.action());
        Step late = barrier(abort.next(), 0, 2, 2, 10);
        assertSame(BarrierAlignment.NONE, late.action(), "no input may be blocked for an aborted checkpoint");
        assertEquals(new Idle(2), late.next());
        assertEquals(new Action.Block(0), barrier(late.next(), 0, 3, 2, 20).action());
    }

    @Test
    void whenAnAbortOfAnOlderCheckpointArrivesWhileIdle_thenTheLastIdStaysTheNewerOne() {
        Step abort = BarrierAlignment.onAbort(new Idle(6), 4);

        assertEquals(new Idle(6), abort.next());
        assertSame(BarrierAlignment.NONE, abort.action());
    }
}
