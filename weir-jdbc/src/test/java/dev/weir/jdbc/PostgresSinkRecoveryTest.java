package dev.weir.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.postgres.server.LocalPostgres;
import dev.weir.runtime.operators.SinkOperator;
import dev.weir.testing.HarnessSnapshot;
import dev.weir.testing.OperatorHarness;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a restore does with the transactions of a checkpoint and with what a crashed run left
 * behind, driven step by step with the operator harness (snapshot = pre-commit and prepare;
 * closing without notification = a crash before the commit).
 */
// A separate thread: a test that waits for a row lock in PostgreSQL fails instead of hanging.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PostgresSinkRecoveryTest {
    static LocalPostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = LocalPostgres.start();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private static PostgresSink<Long> sink(String table) {
        return PostgresSinkJobTestSupport.appendTo(pg, table).setTransactionIdPrefix(table).build();
    }

    private static OperatorHarness<Long, Void> harness(PostgresSink<Long> sink, HarnessSnapshot restore, int subtask,
                                                       int parallelism) throws Exception {
        OperatorHarness.Builder builder = OperatorHarness.builder().subtask(subtask, parallelism);
        if (restore != null) {
            builder.restoreFrom(restore);
        }
        return builder.<Long, Void>build(new SinkOperator<>(sink)).open();
    }

    private static long rows(String table) throws Exception {
        return PgTesting.number(pg, "SELECT count(*) FROM " + table);
    }

    @Test
    void aPreparedTransactionListedInTheRestoredCheckpointIsCommitted() throws Exception {
        HarnessSnapshot snapshot;
        try (OperatorHarness<Long, Void> first = harness(sink("restore_commits"), null, 0, 1)) {
            first.processElements(1L, 2L, 3L);
            snapshot = first.snapshot(7); // prepared; the crash comes before the notification
            assertEquals(List.of("restore_commits:0:7"), PgTesting.prepared(pg));
            assertEquals(0, rows("restore_commits"), "invisible until committed");
        }
        try (OperatorHarness<Long, Void> restored = harness(sink("restore_commits"), snapshot, 0, 1)) {
            assertEquals(3, rows("restore_commits"));
            assertEquals(List.of(), PgTesting.prepared(pg));
        }
    }

    @Test
    void aTransactionCommittedBeforeTheCrashIsRecognisedByItsProgressRow() throws Exception {
        HarnessSnapshot snapshot;
        try (OperatorHarness<Long, Void> first = harness(sink("restore_committed"), null, 0, 1)) {
            first.processElements(1L, 2L);
            snapshot = first.snapshot(4);
            first.notifyCheckpointComplete(4); // committed; the checkpoint still lists it as pending
        }
        try (OperatorHarness<Long, Void> restored = harness(sink("restore_committed"), snapshot, 0, 1)) {
            assertEquals(2, rows("restore_committed"), "committed once, not again");
            assertEquals(1, PgTesting.number(pg, "SELECT count(*) FROM " + ProgressTable.NAME
                    + " WHERE gid = 'restore_committed:0:4'"));
        }
    }

    @Test
    void aPendingTransactionThatIsNeitherPreparedNorProvedCommittedFailsWithDataLoss() throws Exception {
        HarnessSnapshot snapshot;
        try (OperatorHarness<Long, Void> first = harness(sink("restore_lost"), null, 0, 1)) {
            first.processElements(1L, 2L);
            snapshot = first.snapshot(5);
        }
        PgTesting.execute(pg, "ROLLBACK PREPARED 'restore_lost:0:5'"); // someone rolled it back by hand

        Exception e = assertThrows(Exception.class, () -> harness(sink("restore_lost"), snapshot, 0, 1).close());

        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains("data loss") && message.contains("restore_lost:0:5")
                && message.contains("no proof of its commit"), message);
        assertEquals(0, rows("restore_lost"));
    }

    @Test
    void lingeringPreparedTransactionsOfThePrefixAreRolledBackAndOthersAreLeftAlone() throws Exception {
        HarnessSnapshot snapshot;
        try (OperatorHarness<Long, Void> first = harness(sink("leftovers"), null, 0, 1)) {
            first.processElements(1L, 2L);
            snapshot = first.snapshot(1);
            first.processElements(3L);
            first.snapshot(2); // prepared, but the run restores from checkpoint 1, which does not list it
        }
        PgTesting.prepare(pg, "leftovers:3:9", "INSERT INTO leftovers VALUES (100, 200)"); // an old subtask 3 of 4
        PgTesting.prepare(pg, "leftovers:1:9"); // old subtask 1: the other new subtask's share
        PgTesting.prepare(pg, "leftovers-other:0:1"); // another prefix that starts the same
        PgTesting.prepare(pg, "other-job:0:1");

        try (OperatorHarness<Long, Void> restored = harness(sink("leftovers"), snapshot, 1, 2)) {
            // subtask 1 of 2 rolls back old subtasks 1 and 3; old subtask 0's transactions are subtask 0's
            assertEquals(List.of("leftovers-other:0:1", "leftovers:0:1", "leftovers:0:2", "other-job:0:1"),
                    PgTesting.prepared(pg));
        }
        try (OperatorHarness<Long, Void> restored = harness(sink("leftovers"), snapshot, 0, 2)) {
            assertEquals(List.of("leftovers-other:0:1", "other-job:0:1"), PgTesting.prepared(pg));
            assertEquals(2, rows("leftovers"), "checkpoint 1's rows; neither 2's nor the old subtask's");
        } finally {
            PgTesting.execute(pg, "ROLLBACK PREPARED 'leftovers-other:0:1'", "ROLLBACK PREPARED 'other-job:0:1'");
        }
    }

    @Test
    void proofsOfOldCheckpointsArePrunedByLaterTransactions() throws Exception {
        try (OperatorHarness<Long, Void> sink = harness(sink("pruned"), null, 0, 1)) {
            long[] checkpoints = {1, 2, 1500, 2600};
            for (long checkpoint : checkpoints) {
                sink.processElements(checkpoint);
                sink.snapshot(checkpoint);
                sink.notifyCheckpointComplete(checkpoint);
            }
            assertEquals(List.of("pruned:0:2600"), PgTesting.strings(pg, "SELECT gid FROM " + ProgressTable.NAME
                    + " WHERE prefix = 'pruned' ORDER BY checkpoint_id"),
                    "checkpoint 1500 pruned 1 and 2 (older than 1000 ids), 2600 pruned 1500");
            assertEquals(4, rows("pruned"));
        }
    }

    @Test
    void upsertsOfKeysThatThePreviousPreparedTransactionHoldsWaitForItsCommitInsteadOfBlocking() throws Exception {
        PostgresSink<Long> sink = PostgresSink.<Long>builder().setJdbcUrl(pg.jdbcUrl()).setUsername(pg.user())
                .setPassword(pg.password()).setTable("held_keys").setColumns("k", "seq")
                .setRowWriter((seq, row) -> row.setLong(0, seq % 3).setLong(1, seq))
                .setCreateTableIfAbsent("k BIGINT, seq BIGINT").setUpsertKey("k").setTransactionIdPrefix("held_keys")
                .setBatchSize(2).build();
        try (OperatorHarness<Long, Void> h = harness(sink, null, 0, 1)) {
            h.processElements(0L, 1L, 2L);
            h.snapshot(1); // prepared: keys 0, 1, 2 stay locked until the commit
            h.processElements(3L, 4L, 5L, 6L, 7L); // full batches of the same keys: held back, not sent
            h.notifyCheckpointComplete(1);
            h.processElements(8L); // sent now
            h.snapshot(2);
            h.notifyCheckpointComplete(2);
        }
        assertEquals(List.of("0 6", "1 7", "2 8"), PgTesting.strings(pg, "SELECT k || ' ' || seq FROM held_keys ORDER BY k"));
        assertEquals(List.of(), PgTesting.prepared(pg));
    }
}
