package dev.weir.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.weir.checkpoint.CheckpointProgress.Aborted;
import dev.weir.checkpoint.CheckpointProgress.Completed;
import dev.weir.checkpoint.CheckpointProgress.FullyAcknowledged;
import dev.weir.checkpoint.CheckpointProgress.Pending;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The life of one checkpoint at the coordinator, as a state machine. */
class CheckpointProgressTest {

    private static TaskAcknowledgement ack(long checkpointId, int task) {
        SubtaskStateHandle handle = new SubtaskStateHandle(task, null, 0, -1, 0, "chk-" + checkpointId + "/op/" + task
                + ".op", 10 + task);
        return new TaskAcknowledgement(checkpointId, task,
                List.of(new TaskAcknowledgement.OperatorSubtaskState("op", "Op", 3, List.of(), handle)), 1, 2, 3, handle.bytes());
    }

    private static Pending trigger(long id, Integer... tasks) {
        return Pending.trigger(id, 1_000L * id, 77, Set.of(tasks));
    }

    @Test
    void whenEveryTaskAcknowledges_thenTheCheckpointIsFullyAcknowledgedWithAllAcks() {
        Pending pending = trigger(4, 0, 1, 2);

        CheckpointProgress afterFirst = pending.acknowledge(ack(4, 1));
        Pending stillPending = assertInstanceOf(Pending.class, afterFirst);
        assertEquals(Set.of(0, 2), stillPending.awaiting());
        assertEquals(List.of(ack(4, 1)), stillPending.acknowledgements());

        CheckpointProgress afterSecond = stillPending.acknowledge(ack(4, 2));
        assertEquals(Set.of(0), assertInstanceOf(Pending.class, afterSecond).awaiting());

        CheckpointProgress last = ((Pending) afterSecond).acknowledge(ack(4, 0));
        FullyAcknowledged done = assertInstanceOf(FullyAcknowledged.class, last);
        assertEquals(4, done.checkpointId());
        assertEquals(4_000L, done.triggerTimestamp());
        assertEquals(77, done.triggerNanos());
        assertEquals(List.of(ack(4, 1), ack(4, 2), ack(4, 0)), done.acknowledgements());
    }

    @Test
    void whenASingleTaskAcknowledges_thenItIsFullyAcknowledgedAtOnce() {
        assertInstanceOf(FullyAcknowledged.class, trigger(1, 0).acknowledge(ack(1, 0)));
    }

    @Test
    void whenATaskAcknowledgesTwice_thenTheDuplicateIsIgnored() {
        Pending once = (Pending) trigger(2, 0, 1).acknowledge(ack(2, 0));

        CheckpointProgress twice = once.acknowledge(ack(2, 0));

        assertSame(once, twice);
        assertEquals(Set.of(1), once.awaiting());
        assertEquals(1, once.acknowledgements().size());
    }

    @Test
    void whenAnUnknownTaskOrAnotherCheckpointAcknowledges_thenNothingChanges() {
        Pending pending = trigger(3, 0, 1);

        assertSame(pending, pending.acknowledge(ack(3, 5)));
        assertSame(pending, pending.acknowledge(ack(2, 0)));
        assertSame(pending, pending.acknowledge(ack(4, 1)));
        assertEquals(Set.of(0, 1), pending.awaiting());
    }

    @Test
    void whenTheTaskSetGivenToTriggerChangesLater_thenTheCheckpointStillAwaitsTheOriginalTasks() {
        Set<Integer> tasks = new HashSet<>(Set.of(0, 1));
        Pending pending = Pending.trigger(1, 0, 0, tasks);

        tasks.add(9);
        tasks.remove(0);

        assertEquals(Set.of(0, 1), pending.awaiting());
    }

    @Test
    void whenAPendingCheckpointIsAborted_thenItIsAbortedWithItsIdAndReason() {
        Pending pending = (Pending) trigger(6, 0, 1).acknowledge(ack(6, 1));

        Aborted aborted = pending.abort("declined by task 0");

        assertEquals(new Aborted(6, "declined by task 0"), aborted);
    }

    @Test
    void whenAFullyAcknowledgedCheckpointIsAbortedOrCompleted_thenItKeepsItsIdAndMetadata() {
        FullyAcknowledged done = (FullyAcknowledged) trigger(8, 0).acknowledge(ack(8, 0));
        CheckpointMetadata metadata = new CheckpointMetadata("job", 8, 8_000, 128, List.of());

        assertEquals(new Aborted(8, "metadata write failed"), done.abort("metadata write failed"));
        Completed completed = done.complete(metadata);
        assertEquals(8, completed.checkpointId());
        assertSame(metadata, completed.metadata());
    }
}
