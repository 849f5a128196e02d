package dev.weir.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The life cycle of the exactly-once sink's transactional ids, without a broker. */
class TransactionalIdPoolTest {

    private static TransactionalIdPool pool(Set<String> excluded) {
        return new TransactionalIdPool("job", 3, excluded);
    }

    @Test
    void whenIdsAreAcquired_thenEachIsTheLowestFreeOneOfTheSubtask() throws Exception {
        TransactionalIdPool pool = pool(Set.of());

        assertEquals("job-3-0", pool.acquire());
        assertEquals("job-3-1", pool.acquire());
        assertEquals("job-3-2", pool.acquire());
        assertEquals(3, pool.size());
    }

    @Test
    void whenATransactionIsAborted_thenItsIdIsReusedAtOnce() throws Exception {
        TransactionalIdPool pool = pool(Set.of());
        pool.acquire();
        pool.acquire();

        pool.aborted("job-3-0");

        assertEquals(new TransactionalIdPool.SlotState.Free(), pool.state("job-3-0"));
        assertEquals("job-3-0", pool.acquire());
        assertEquals(2, pool.size());
    }

    @Test
    void whenATransactionIsCommitted_thenItsIdIsReusedOnlyAfterASnapshotTakenAfterTheCommitHasCompleted() throws Exception {
        TransactionalIdPool pool = pool(Set.of());
        assertEquals("job-3-0", pool.acquire()); // T(5)
        pool.snapshotTaken(5);                    // pre-commit of T(5): it is pending in checkpoint 5
        assertEquals("job-3-1", pool.acquire()); // T(6)

        pool.committed("job-3-0");               // checkpoint 5 completed
        assertEquals(new TransactionalIdPool.SlotState.Committed(), pool.state("job-3-0"));
        pool.checkpointCompleted(5);             // a completion that does not follow a snapshot after the commit
        assertEquals(new TransactionalIdPool.SlotState.Committed(), pool.state("job-3-0"),
                "checkpoint 5 still lists the transaction as pending");

        pool.snapshotTaken(6);                   // the first snapshot without T(5) among its pending ones
        assertEquals(new TransactionalIdPool.SlotState.Recorded(6), pool.state("job-3-0"));
        assertEquals("job-3-2", pool.acquire(), "checkpoint 6 is not complete: a restore may still use 5"); // T(7)

        pool.checkpointCompleted(5);             // a late notification of an older checkpoint
        assertEquals(new TransactionalIdPool.SlotState.Recorded(6), pool.state("job-3-0"));

        pool.checkpointCompleted(6);

        assertEquals(new TransactionalIdPool.SlotState.Free(), pool.state("job-3-0"));
        assertEquals("job-3-0", pool.acquire()); // T(8)
        assertEquals(3, pool.size());
    }

    @Test
    void whenACheckpointLaterThanTheRecordingOneCompletes_thenTheIdIsFreeToo() throws Exception {
        TransactionalIdPool pool = pool(Set.of());
        pool.acquire();
        pool.committed("job-3-0");
        pool.snapshotTaken(8);

        pool.checkpointCompleted(9); // 8's notification was missed: 9 subsumes it

        assertEquals("job-3-0", pool.acquire());
    }

    @Test
    void whenIdsArePendingInTheRestoredCheckpoint_thenThePoolSkipsThem() throws Exception {
        TransactionalIdPool pool = pool(Set.of("job-3-0", "job-3-2", "job-1-1"));

        assertEquals("job-3-1", pool.acquire());
        assertEquals("job-3-3", pool.acquire());
        pool.aborted("job-3-1");
        assertEquals("job-3-1", pool.acquire());
        assertEquals("job-3-4", pool.acquire());
        assertEquals(new TransactionalIdPool.SlotState.Excluded(), pool.state("job-3-2"));
    }

    @Test
    void whenTheOnlyPendingIdIsAHigherOne_thenTheLowerIdsAreStillUsedAndTheExcludedOneIsJumped() throws Exception {
        // A restore typically excludes the slot of T(n): the pool must grow past it.
        TransactionalIdPool pool = pool(Set.of("job-3-1"));

        assertEquals("job-3-0", pool.acquire());
        assertEquals("job-3-2", pool.acquire());
        assertEquals("job-3-3", pool.acquire());
    }

    @Test
    void whenAnIdIsParsed_thenOnlyIdsOfThePrefixWithSubtaskAndSlotGiveTheirSubtask() throws Exception {
        assertEquals(3, TransactionalIdPool.subtaskOf("job", "job-3-7"));
        assertEquals(0, TransactionalIdPool.subtaskOf("job", "job-0-0"));
        assertEquals(12, TransactionalIdPool.subtaskOf("my-job", "my-job-12-4"));
        assertEquals(-1, TransactionalIdPool.subtaskOf("job", "job-3"));
        assertEquals(-1, TransactionalIdPool.subtaskOf("job", "job-x-1"));
        assertEquals(-1, TransactionalIdPool.subtaskOf("job", "job-1-y"));
        assertEquals(-1, TransactionalIdPool.subtaskOf("job", "other-1-2"));
        assertEquals(-1, TransactionalIdPool.subtaskOf("job", "jobs-1-2"));
        // Ids of another job whose prefix starts with this one ("job-5") are not this job's.
        assertEquals(-1, TransactionalIdPool.subtaskOf("job", "job-5-1-2"));
        assertEquals(-1, TransactionalIdPool.subtaskOf("job", "job--1-2"));
        assertEquals("job-5-1", TransactionalIdPool.id("job", 5, 1));
    }

    @Test
    void whenAnEventDoesNotFitTheStateOfTheId_thenThePoolThrows() throws Exception {
        TransactionalIdPool pool = pool(Set.of("job-3-1"));
        pool.acquire();                 // job-3-0 in use
        pool.committed("job-3-0");

        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> pool.committed("job-3-0"));
        assertEquals("cannot commit a slot that is Committed[]", twice.getMessage());
        IllegalStateException abortAfterCommit = assertThrows(IllegalStateException.class, () -> pool.aborted("job-3-0"));
        assertEquals("cannot abort a slot that is Committed[]", abortAfterCommit.getMessage());
        pool.acquire();                 // job-3-2 (job-3-1 is excluded)
        assertThrows(IllegalStateException.class, () -> pool.committed("job-3-1"), "an excluded id is never in use");

        IllegalArgumentException neverHandedOut = assertThrows(IllegalArgumentException.class,
                () -> pool.committed("job-3-9"));
        assertEquals("job-3-9 was never handed out", neverHandedOut.getMessage());
        IllegalArgumentException otherSubtask = assertThrows(IllegalArgumentException.class,
                () -> pool.aborted("job-2-0"));
        assertEquals("job-2-0 is not an id of this pool (job-3-*)", otherSubtask.getMessage());
        assertThrows(IllegalStateException.class, () -> new TransactionalIdPool.SlotState.InUse().acquired());
        assertThrows(IllegalStateException.class, () -> new TransactionalIdPool.SlotState.Free().committed());
        assertThrows(IllegalStateException.class, () -> new TransactionalIdPool.SlotState.Recorded(1).aborted());
    }
}
