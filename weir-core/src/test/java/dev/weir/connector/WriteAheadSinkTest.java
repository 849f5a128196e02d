package dev.weir.connector;

import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.eventtime.WatermarkStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.WriteAheadSink;
import dev.weir.runtime.operators.SinkOperator;
import dev.weir.testing.HarnessSnapshot;
import dev.weir.testing.OperatorHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead sink through the operator harness: a batch is sent only after its checkpoint
 * completed, once, and a restore sends it again only if the {@link FileCheckpointCommitter} has no
 * marker for it.
 */
class WriteAheadSinkTest {

    @TempDir
    Path dir;

    private Path target;
    private Path markers;

    /**
     * The "external system": appends one line per record, tagged with the checkpoint it came from,
     * to a file per sending subtask in the target directory.
     */
    static final class AppendingSink<T> extends WriteAheadSink<T> {
        private final Path target;

        AppendingSink(Path target, Path markers) {
            super(new FileCheckpointCommitter(markers));
            this.target = target;
        }

        @Override
        protected void sendValues(List<T> values, long checkpointId) throws IOException {
            StringBuilder lines = new StringBuilder();
            for (T value : values) {
                lines.append(checkpointId).append(':').append(value).append('\n');
            }
            Files.createDirectories(target);
            Files.writeString(target.resolve("sent-by-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask()), lines,
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    @BeforeEach
    void paths() {
        target = dir.resolve("target");
        markers = dir.resolve("committer");
    }

    @Test
    void whenTheCheckpointHasNotCompleted_thenNothingIsSent() throws Exception {
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(new AppendingSink<String>(target, markers))) {
            harness.processElements("a", "b");
            assertEquals(List.of(), sent());
            harness.snapshot(1);
            assertEquals(List.of(), sent(), "pre-committed is not sent");
            assertFalse(Files.exists(markers.resolve("sent-0-1")));
        }
        assertEquals(List.of(), sent(), "closing does not send the open or the pending batch");
    }

    @Test
    void whenTheCheckpointCompletes_thenItsBatchIsSentOnceAndMarked() throws Exception {
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(new AppendingSink<String>(target, markers))) {
            harness.processElements("a", "b");
            harness.snapshot(1);
            harness.processElement("c"); // after the barrier: belongs to checkpoint 2
            harness.notifyCheckpointComplete(1);
            assertEquals(List.of("1:a", "1:b"), sent());
            assertTrue(Files.exists(markers.resolve("sent-0-1")), "committer marker");

            harness.notifyCheckpointComplete(1); // a repeated notification
            assertEquals(List.of("1:a", "1:b"), sent());

            harness.snapshot(2);
            harness.notifyCheckpointComplete(2);
            assertEquals(List.of("1:a", "1:b", "2:c"), sent());
        }
    }

    @Test
    void whenRestoredAfterTheBatchWasSent_thenItIsNotSentAgain() throws Exception {
        HarnessSnapshot snapshot;
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(new AppendingSink<String>(target, markers))) {
            harness.processElements("a", "b");
            snapshot = harness.snapshot(1);
            harness.notifyCheckpointComplete(1);
        }
        assertEquals(List.of("1:a", "1:b"), sent());

        // The checkpoint still lists the batch as pending (it was taken before the notification).
        try (OperatorHarness<String, Void> restored = restore(snapshot)) {
            restored.open();
            assertEquals(List.of("1:a", "1:b"), sent(), "the marker must stop a second send");
        }
    }

    @Test
    void whenRestoredBeforeTheBatchWasSent_thenItIsSentExactlyOnce() throws Exception {
        HarnessSnapshot snapshot;
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(new AppendingSink<String>(target, markers))) {
            harness.processElements("a", "b");
            snapshot = harness.snapshot(1);
            harness.processElement("lost with the crash; the source replays it");
        } // crash after the checkpoint completed, before the notification
        assertEquals(List.of(), sent());

        try (OperatorHarness<String, Void> restored = restore(snapshot)) {
            restored.open();
            assertEquals(List.of("1:a", "1:b"), sent());
        }
        try (OperatorHarness<String, Void> again = restore(snapshot)) { // a second crash and restore
            again.open();
            assertEquals(List.of("1:a", "1:b"), sent());
        }
        assertTrue(Files.exists(markers.resolve("sent-0-1")));
    }

    @Test
    void whenSeveralBatchesArePendingAtRestore_thenEachIsSentOnceInCheckpointOrder() throws Exception {
        HarnessSnapshot snapshot;
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(new AppendingSink<String>(target, markers))) {
            harness.processElement("a");
            harness.snapshot(1);
            harness.processElement("b");
            harness.snapshot(2);
            harness.notifyCheckpointComplete(1); // sent; 2 still pending
            harness.processElement("c");
            snapshot = harness.snapshot(3);
        }
        assertEquals(List.of("1:a"), sent());

        try (OperatorHarness<String, Void> restored = restore(snapshot)) {
            restored.open();
            assertEquals(List.of("1:a", "2:b", "3:c"), sent());
        }
    }

    @Test
    void whenABatchIsEmpty_thenNothingIsSentAndNoMarkerWritten() throws Exception {
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(new AppendingSink<String>(target, markers))) {
            harness.open();
            harness.snapshot(1);
            harness.notifyCheckpointComplete(1);
        }
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(markers.resolve("sent-0-1")));
    }

    @Test
    void whenTheMarkerExistsForOneSubtaskOnly_thenTheOtherSubtasksBatchIsStillSent() throws Exception {
        OperatorHarness<String, Void> s0 = OperatorHarness.builder().subtask(0, 2)
                .build(new SinkOperator<>(new AppendingSink<String>(target, markers)));
        OperatorHarness<String, Void> s1 = OperatorHarness.builder().subtask(1, 2)
                .build(new SinkOperator<>(new AppendingSink<String>(target, markers)));
        HarnessSnapshot snapshot;
        try (s0; s1) {
            s0.processElement("from 0");
            s1.processElement("from 1");
            snapshot = HarnessSnapshot.combine(List.of(s0.snapshot(1), s1.snapshot(1)));
            s0.notifyCheckpointComplete(1); // subtask 1 crashed before its notification
        }
        assertEquals(List.of("1:from 0"), sent());

        try (OperatorHarness<String, Void> merged = restore(snapshot)) { // at parallelism 1
            merged.open();
            assertEquals(List.of("1:from 0", "1:from 1"), sent());
        }
    }

    // ---- in jobs ----

    @Test
    void whenACheckpointedJobRuns_thenEveryRecordIsSentOnceAfterItsCheckpointCompleted() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2).setJobName("write-ahead");
        env.enableCheckpointing(20);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        env.fromSource(new DataGeneratorSource<>(index -> index, 10_000, RateLimiterStrategy.perSecond(50_000), TypeInformation.of(Long.class)), WatermarkStrategy.noWatermarks(), "numbers")
                .sinkTo(new AppendingSink<Long>(target, markers));

        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertTrue(result.completedCheckpoints().size() >= 2);
        assertEquals(LongStream.range(0, 10_000).boxed().toList(), sentValues());
        List<Long> completed = result.completedCheckpoints().stream()
                .map(dev.weir.api.CheckpointStats::checkpointId).toList();
        for (String line : sent()) {
            long checkpoint = Long.parseLong(line.substring(0, line.indexOf(':')));
            assertTrue(checkpoint > 0, "sent outside a checkpoint: " + line);
        }
        try (Stream<Path> files = Files.list(markers)) {
            assertTrue(files.allMatch(f -> completed.contains(
                    Long.parseLong(f.getFileName().toString().replaceAll("sent-\\d+-", "")))),
                    "markers only for completed checkpoints");
        }
    }

    @Test
    void whenAJobWithoutCheckpointingRunsTwice_thenEachRunSendsItsRecords() throws Exception {
        for (int run = 1; run <= 2; run++) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2).setJobName("write-ahead-plain");
            env.fromSequence(0, 99).sinkTo(new AppendingSink<Long>(target, markers));
            JobExecutionResult result = env.execute();
            assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
            assertEquals(100 * run, sent().size(), "records sent after run " + run);
        }
    }

    private OperatorHarness<String, Void> restore(HarnessSnapshot snapshot) {
        return OperatorHarness.builder().restoreFrom(snapshot)
                .build(new SinkOperator<>(new AppendingSink<String>(target, markers)));
    }

    /** Everything sent, file by file (sending subtask 0 first). */
    private List<String> sent() throws IOException {
        List<String> lines = new ArrayList<>();
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                for (Path file : files.sorted().toList()) {
                    lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
                }
            }
        }
        return lines;
    }

    /** The values sent (without the checkpoint tag), sorted. */
    private List<Long> sentValues() throws IOException {
        return sent().stream().map(line -> Long.parseLong(line.substring(line.indexOf(':') + 1))).sorted().toList();
    }
}
