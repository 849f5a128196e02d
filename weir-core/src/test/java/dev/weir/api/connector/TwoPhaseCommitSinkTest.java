package dev.weir.api.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.runtime.operators.SinkOperator;
import dev.weir.testing.HarnessSnapshot;
import dev.weir.testing.OperatorHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The transaction lifecycle of the two-phase-commit base class, against an in-memory "store". */
class TwoPhaseCommitSinkTest {

    /** A transaction: an id and its records. */
    record Txn(String id, List<String> records) {
    }

    /** Store shared by all copies of the sink (a stand-in for an external system). */
    static final class Store {
        final Map<String, List<String>> preCommitted = new ConcurrentHashMap<>();
        final Map<String, List<String>> committed = new ConcurrentHashMap<>();
        final List<String> aborted = new ArrayList<>();
        final AtomicInteger commitFailuresLeft = new AtomicInteger();
        final AtomicInteger commitCalls = new AtomicInteger();
    }

    static final class StoreSink extends TwoPhaseCommitSink<String, Txn> {
        final Store store;
        transient int next;

        StoreSink(Store store) {
            this.store = store;
        }

        @Override
        protected Txn beginTransaction() {
            return new Txn("t" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() + "-" + (next++) + "-"
                    + System.nanoTime(), new ArrayList<>());
        }

        @Override
        protected void write(Txn txn, String value) {
            txn.records().add(value);
        }

        @Override
        protected Txn preCommit(Txn txn, long checkpointId) {
            store.preCommitted.put(txn.id(), List.copyOf(txn.records()));
            return new Txn(txn.id(), List.copyOf(txn.records()));
        }

        @Override
        protected void commit(Txn txn) {
            store.commitCalls.incrementAndGet();
            if (store.commitFailuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("store unavailable");
            }
            List<String> records = store.preCommitted.get(txn.id());
            if (records == null && !store.committed.containsKey(txn.id())) {
                throw new IllegalStateException("data loss: transaction " + txn.id() + " is gone");
            }
            if (records != null) {
                store.committed.put(txn.id(), records);
                store.preCommitted.remove(txn.id());
            }
        }

        @Override
        protected void abort(Txn txn) {
            store.preCommitted.remove(txn.id());
            store.aborted.add(txn.id());
        }

        @Override
        protected Duration commitRetryBackoff() {
            return Duration.ofMillis(1);
        }

        @Override
        protected void abortLeftovers(Collection<Txn> pendingInCheckpoint, int subtaskIndex, int parallelism) {
            List<String> keep = pendingInCheckpoint.stream().map(Txn::id).toList();
            store.preCommitted.keySet().removeIf(id -> !keep.contains(id));
        }
    }

    private static List<String> committedRecords(Store store) {
        return store.committed.values().stream().flatMap(List::stream).sorted().toList();
    }

    @Test
    void recordsBecomeVisibleOnlyWhenTheirCheckpointCompletes() throws Exception {
        Store store = new Store();
        try (var harness = OperatorHarness.forSink(new StoreSink(store))) {
            harness.processElements("a", "b");
            harness.snapshot(1);
            harness.processElement("c");
            assertEquals(List.of(), committedRecords(store));
            harness.notifyCheckpointComplete(1);
            assertEquals(List.of("a", "b"), committedRecords(store));
            harness.snapshot(2);
            harness.snapshot(3);
            harness.notifyCheckpointComplete(3); // the notification of 2 was missed: 3 commits both
            assertEquals(List.of("a", "b", "c"), committedRecords(store));
        }
    }

    @Test
    void aTransientCommitFailureIsRetriedAndNothingIsDropped() throws Exception {
        Store store = new Store();
        store.commitFailuresLeft.set(3);
        try (var harness = OperatorHarness.forSink(new StoreSink(store))) {
            harness.processElement("a");
            harness.snapshot(1);
            harness.notifyCheckpointComplete(1);
        }
        assertEquals(List.of("a"), committedRecords(store));
        assertEquals(4, store.commitCalls.get());
    }

    @Test
    void aCommitThatKeepsFailingFailsWithAClearError_andTheRestoreCommitsIt() throws Exception {
        Store store = new Store();
        HarnessSnapshot snapshot;
        try (var harness = OperatorHarness.forSink(new StoreSink(store))) {
            harness.processElement("a");
            snapshot = harness.snapshot(1);
            store.commitFailuresLeft.set(100);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> harness.notifyCheckpointComplete(1));
            assertTrue(e.getMessage().contains("checkpoint 1") && e.getMessage().contains("committed again"),
                    e.getMessage());
        }
        assertEquals(List.of(), committedRecords(store));
        store.commitFailuresLeft.set(0);
        try (var restored = OperatorHarness.builder().restoreFrom(snapshot)
                .<String, Void>build(new SinkOperator<>(new StoreSink(store)))) {
            restored.open();
        }
        assertEquals(List.of("a"), committedRecords(store));
    }

    @Test
    void restoringTwiceCommitsOnce_andALostTransactionFailsLoudly() throws Exception {
        Store store = new Store();
        HarnessSnapshot snapshot;
        try (var harness = OperatorHarness.forSink(new StoreSink(store))) {
            harness.processElement("a");
            snapshot = harness.snapshot(1);
        }
        for (int i = 0; i < 2; i++) {
            try (var restored = OperatorHarness.builder().restoreFrom(snapshot)
                    .<String, Void>build(new SinkOperator<>(new StoreSink(store)))) {
                restored.open();
            }
        }
        assertEquals(List.of("a"), committedRecords(store));

        store.committed.clear(); // the external system lost the committed transaction
        var lost = OperatorHarness.builder().restoreFrom(snapshot)
                .<String, Void>build(new SinkOperator<>(new StoreSink(store)));
        Exception e = assertThrows(Exception.class, lost::open);
        assertTrue(String.valueOf(e.getMessage()).contains("data loss"), e.getMessage());
    }

    @Test
    void theOpenTransactionIsAbortedOnClose_andLeftoversOfACrashAreCleanedOnRestore() throws Exception {
        Store store = new Store();
        HarnessSnapshot snapshot;
        try (var harness = OperatorHarness.forSink(new StoreSink(store))) {
            harness.processElement("a");
            snapshot = harness.snapshot(1);
            harness.processElement("b");
            harness.snapshot(2); // pre-committed, but checkpoint 2 never completes: a leftover
        }
        assertEquals(1, store.aborted.size(), "the open transaction is aborted on close");
        try (var restored = OperatorHarness.builder().restoreFrom(snapshot)
                .<String, Void>build(new SinkOperator<>(new StoreSink(store)))) {
            restored.open();
        }
        assertEquals(List.of("a"), committedRecords(store));
        assertEquals(Map.of(), store.preCommitted, "the pre-committed transaction of checkpoint 2 was cleaned up");
    }
}
