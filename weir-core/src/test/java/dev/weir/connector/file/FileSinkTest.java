package dev.weir.connector.file;

import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.eventtime.WatermarkStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.serialization.SimpleStringEncoder;
import dev.weir.runtime.operators.SinkOperator;
import dev.weir.testing.HarnessSnapshot;
import dev.weir.testing.OperatorHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactly-once file sink through the operator harness, one case of the recovery table of the
 * design guide per test: visibility only after completion, idempotent commit, commit on restore,
 * clean-up of leftovers, data loss, rescaling; plus rolling, encoders and jobs without checkpoints.
 */
class FileSinkTest {

    @TempDir
    Path dir;

    // ---- visibility and commit ----

    @Test
    void whenRecordsAreWritten_thenOnlyHiddenInProgressFilesExistUntilTheCheckpointCompletes() throws Exception {
        Path out = dir.resolve("out");
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(lines(out))) {
            harness.processElements("a", "b", "c");
            assertEquals(List.of(), visible(out));
            assertEquals(1, hidden(out).size(), "one in-progress part: " + hidden(out));
            assertTrue(hidden(out).get(0).matches("\\.part-0-[0-9a-f]+-0\\.inprogress"), hidden(out).toString());

            harness.snapshot(1); // pre-commit: flushed and fsynced, still hidden
            assertEquals(List.of(), visible(out));
            assertEquals("a\nb\nc\n", Files.readString(out.resolve(hidden(out).get(0))));

            harness.notifyCheckpointComplete(1);
            assertEquals(List.of("part-0-1-0"), visible(out));
            assertEquals("a\nb\nc\n", Files.readString(out.resolve("part-0-1-0")));
            assertEquals(List.of(), hidden(out));
        }
    }

    @Test
    void whenRecordsArriveAfterTheBarrier_thenTheyWaitForTheNextCheckpoint() throws Exception {
        Path out = dir.resolve("out");
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(lines(out))) {
            harness.processElements("a", "b");
            harness.snapshot(1);
            harness.processElement("c");
            harness.notifyCheckpointComplete(1);
            assertEquals(List.of("part-0-1-0"), visible(out));
            assertEquals(List.of("a", "b"), committedLines(out));
            assertEquals(1, hidden(out).size(), "c is still in progress");

            harness.snapshot(2);
            harness.notifyCheckpointComplete(2);
            assertEquals(List.of("part-0-1-0", "part-0-2-0"), visible(out));
            assertEquals("c\n", Files.readString(out.resolve("part-0-2-0")));
            assertEquals(List.of(), hidden(out));
        }
    }

    @Test
    void whenANotificationIsMissed_thenTheNextOneCommitsBothCheckpoints() throws Exception {
        Path out = dir.resolve("out");
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(lines(out))) {
            harness.processElement("a");
            harness.snapshot(1);
            harness.processElement("b");
            harness.snapshot(2);
            assertEquals(List.of(), visible(out));
            harness.notifyCheckpointComplete(2); // the notification of 1 never came
            assertEquals(List.of("part-0-1-0", "part-0-2-0"), visible(out));
            assertEquals(List.of("a", "b"), committedLines(out));
        }
    }

    @Test
    void whenACheckpointIsAborted_thenItsTransactionIsCommittedWithTheNextCompletedOne() throws Exception {
        Path out = dir.resolve("out");
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(lines(out))) {
            harness.processElement("a");
            harness.snapshot(1);
            harness.notifyCheckpointAborted(1);
            assertEquals(List.of(), visible(out), "an aborted checkpoint commits nothing");
            harness.processElement("b");
            harness.snapshot(2);
            harness.notifyCheckpointComplete(2); // checkpoint 2 covers everything before its barrier
            assertEquals(List.of("a", "b"), committedLines(out));
            assertEquals(List.of(), hidden(out));
        }
    }

    @Test
    void whenACheckpointHadNoRecords_thenItCommitsNoFile() throws Exception {
        Path out = dir.resolve("out");
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(lines(out))) {
            harness.open();
            harness.snapshot(1);
            harness.notifyCheckpointComplete(1);
            assertEquals(List.of(), visible(out));
            assertEquals(List.of(), hidden(out));
        }
    }

    // ---- recovery ----

    @Test
    void whenTheCheckpointCompletedButTheNotificationWasMissed_thenRestoreCommits() throws Exception {
        Path out = dir.resolve("out");
        HarnessSnapshot snapshot;
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(lines(out))) {
            harness.processElements("a", "b");
            snapshot = harness.snapshot(1);
        } // crash between the durable metadata and the notification
        assertEquals(List.of(), visible(out));

        try (OperatorHarness<String, Void> restored = restore(snapshot, out, 0, 1)) {
            restored.open();
            assertEquals(List.of("part-0-1-0"), visible(out));
            assertEquals(List.of("a", "b"), committedLines(out));
            assertEquals(List.of(), hidden(out));
        }
    }

    @Test
    void whenTheOutputDirectoryChangedBeforeTheRestore_thenThePendingTransactionIsCommittedWhereItWasWritten()
            throws Exception {
        Path before = dir.resolve("before");
        Path after = dir.resolve("after");
        HarnessSnapshot snapshot;
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(lines(before))) {
            harness.processElements("a", "b");
            snapshot = harness.snapshot(1);
        } // crash between the durable metadata and the notification; then the job is reconfigured

        try (OperatorHarness<String, Void> restored = restore(snapshot, after, 0, 1)) {
            restored.open();
            assertEquals(List.of("a", "b"), committedLines(before), "committed where it was written");
            assertEquals(List.of(), hidden(before));
            restored.processElements("c");
            restored.snapshot(2);
            restored.notifyCheckpointComplete(2);
            assertEquals(List.of("c"), committedLines(after), "new output goes to the new directory");
        }
    }

    @Test
    void whenThePendingTransactionsDirectoryIsGone_thenRestoreFailsAsDataLossNamingIt() throws Exception {
        Path before = dir.resolve("before");
        HarnessSnapshot snapshot;
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(lines(before))) {
            harness.processElements("a");
            snapshot = harness.snapshot(1);
        }
        dev.weir.state.LocalFiles.deleteRecursively(before);

        try (OperatorHarness<String, Void> restored = restore(snapshot, dir.resolve("after"), 0, 1)) {
            Exception e = assertThrows(Exception.class, restored::open);
            assertTrue(String.valueOf(e.getMessage()).contains(before.toString()), String.valueOf(e.getMessage()));
        }
    }

    @Test
    void whenTheSameSnapshotIsRestoredTwice_thenTheSecondCommitIsANoOpWithoutDuplicates() throws Exception {
        Path out = dir.resolve("out");
        HarnessSnapshot snapshot;
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(lines(out))) {
            harness.processElements("a", "b");
            snapshot = harness.snapshot(1);
        }
        try (OperatorHarness<String, Void> first = restore(snapshot, out, 0, 1)) {
            first.open();
            first.processElement("written after the first restore, then lost in a crash");
        }
        try (OperatorHarness<String, Void> second = restore(snapshot, out, 0, 1)) {
            second.open(); // commits the already committed transaction again
            assertEquals(List.of("part-0-1-0"), visible(out));
            assertEquals(List.of("a", "b"), committedLines(out));
            assertEquals(List.of(), hidden(out));
        }
    }

    @Test
    void whenTheCommitWasAlreadyNotified_thenRestoringThatCheckpointChangesNothing() throws Exception {
        Path out = dir.resolve("out");
        HarnessSnapshot snapshot;
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(lines(out))) {
            harness.processElements("a", "b");
            snapshot = harness.snapshot(1);
            harness.notifyCheckpointComplete(1);
        }
        String before = Files.readString(out.resolve("part-0-1-0"));
        try (OperatorHarness<String, Void> restored = restore(snapshot, out, 0, 1)) {
            restored.open();
            assertEquals(List.of("part-0-1-0"), visible(out));
            assertEquals(before, Files.readString(out.resolve("part-0-1-0")));
        }
    }

    @Test
    void whenACommitStoppedHalfWay_thenRestoreFinishesIt() throws Exception {
        Path out = dir.resolve("out");
        HarnessSnapshot snapshot;
        List<String> parts;
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(
                lines(out, new RollBySizeOrAge(1, Long.MAX_VALUE)))) {
            harness.processElements("a", "b", "c");
            snapshot = harness.snapshot(1);
            parts = hidden(out);
        }
        assertEquals(3, parts.size(), "one part per record: " + parts);
        // The crashed commit renamed the first part only.
        String firstPart = parts.stream().filter(p -> p.endsWith("-0.inprogress")).findFirst().orElseThrow();
        Files.move(out.resolve(firstPart), out.resolve("part-0-1-0"));

        try (OperatorHarness<String, Void> restored = restore(snapshot, out, 0, 1)) {
            restored.open();
            assertEquals(List.of("part-0-1-0", "part-0-1-1", "part-0-1-2"), visible(out));
            assertEquals(List.of("a", "b", "c"), committedLines(out));
            assertEquals(List.of(), hidden(out));
        }
    }

    @Test
    void whenRestoringAnOlderCheckpoint_thenNewerPreCommittedAndOpenFilesAreDeletedAndThePendingOneCommitted()
            throws Exception {
        Path out = dir.resolve("out");
        OperatorHarness<String, Void> crashed = OperatorHarness.forSink(lines(out));
        try {
            crashed.processElement("in checkpoint 1");
            HarnessSnapshot checkpoint1 = crashed.snapshot(1);
            crashed.processElement("pre-committed for 2, which never completes");
            crashed.snapshot(2);
            crashed.processElement("open transaction");
            assertEquals(3, hidden(out).size(), hidden(out).toString());
            // The process dies here: no close, no notification.

            try (OperatorHarness<String, Void> restored = restore(checkpoint1, out, 0, 1)) {
                restored.open();
                assertEquals(List.of("part-0-1-0"), visible(out));
                assertEquals(List.of("in checkpoint 1"), committedLines(out));
                assertEquals(List.of(), hidden(out), "leftovers of checkpoint 2 and of the open transaction");

                restored.processElement("after restore"); // the restored run writes on as usual
                restored.snapshot(2);
                restored.notifyCheckpointComplete(2);
                assertEquals(List.of("in checkpoint 1", "after restore"), committedLines(out));
            }
        } finally {
            crashed.close();
        }
    }

    @Test
    void whenAPendingTransactionsFileWasDeletedByHand_thenRestoreFailsLoudlyWithDataLoss() throws Exception {
        Path out = dir.resolve("out");
        HarnessSnapshot snapshot;
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(lines(out))) {
            harness.processElements("a", "b");
            snapshot = harness.snapshot(1);
        }
        String lost = hidden(out).get(0);
        Files.delete(out.resolve(lost));

        OperatorHarness<String, Void> restored = restore(snapshot, out, 0, 1);
        Exception e = assertThrows(Exception.class, restored::open);
        String message = e.getMessage();
        assertTrue(message.contains("data loss"), fullMessage(e));
        assertTrue(message.contains(lost), fullMessage(e));
        assertEquals(List.of(), visible(out), "nothing may be committed in place of the lost part");
        restored.close();
    }

    @Test
    void whenARestoredJobRunsAtHigherParallelism_thenEachPendingTransactionIsCommittedAndSurvivesTheCleanUp()
            throws Exception {
        Path out = dir.resolve("out");
        HarnessSnapshot snapshot;
        OperatorHarness<String, Void> crashed = OperatorHarness.forSink(lines(out));
        try {
            crashed.processElement("a");
            crashed.snapshot(1);
            crashed.processElement("b");
            snapshot = crashed.snapshot(2); // both 1 and 2 pending: no notification arrived
            crashed.processElement("open");
        } finally {
            crashed.close(); // (cancel) deletes the open transaction
        }
        assertEquals(2, hidden(out).size());

        // New subtask 0 commits pending #0 (checkpoint 1) and cleans old subtask 0's leftovers before
        // new subtask 1 commits pending #1 (checkpoint 2): that one must be kept.
        try (OperatorHarness<String, Void> s0 = restore(snapshot, out, 0, 2);
             OperatorHarness<String, Void> s1 = restore(snapshot, out, 1, 2)) {
            s0.open();
            assertEquals(List.of("part-0-1-0"), visible(out));
            assertEquals(1, hidden(out).size(), "the part pending for subtask 1 must survive subtask 0's clean-up");
            s1.open();
            assertEquals(List.of("part-0-1-0", "part-0-2-0"), visible(out));
            assertEquals(List.of("a", "b"), committedLines(out));
            assertEquals(List.of(), hidden(out));
        }
    }

    @Test
    void whenTwoSubtasksAreRestoredAsOne_thenBothPendingTransactionsAreCommittedAndBothLeftoversDeleted()
            throws Exception {
        Path out = dir.resolve("out");
        OperatorHarness<String, Void> old0 = OperatorHarness.builder().subtask(0, 2)
                .build(new SinkOperator<>(FileSinkTest.<String>lines(out)));
        OperatorHarness<String, Void> old1 = OperatorHarness.builder().subtask(1, 2)
                .build(new SinkOperator<>(FileSinkTest.<String>lines(out)));
        try {
            old0.processElement("from 0");
            old1.processElement("from 1");
            HarnessSnapshot snapshot = HarnessSnapshot.combine(List.of(old0.snapshot(1), old1.snapshot(1)));
            old0.processElement("leftover of 0");
            old1.processElement("leftover of 1");
            old1.snapshot(2); // pre-committed, checkpoint 2 never completes
            assertEquals(4, hidden(out).size(), hidden(out).toString());

            try (OperatorHarness<String, Void> merged = restore(snapshot, out, 0, 1)) {
                merged.open();
                assertEquals(List.of("part-0-1-0", "part-1-1-0"), visible(out));
                assertEquals(List.of("from 0", "from 1"), committedLines(out));
                assertEquals(List.of(), hidden(out), "leftovers of all old subtasks are aborted");
            }
        } finally {
            old0.close();
            old1.close();
        }
    }

    @Test
    void whenRestoredAtHigherParallelism_thenNoSubtaskDeletesAnotherLiveSubtasksFiles() throws Exception {
        Path out = dir.resolve("out");
        HarnessSnapshot snapshot;
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(lines(out))) {
            harness.processElement("a");
            snapshot = harness.snapshot(1);
        }
        try (OperatorHarness<String, Void> s1 = restore(snapshot, out, 1, 2);
             OperatorHarness<String, Void> s0 = restore(snapshot, out, 0, 2)) {
            s1.processElement("written by new subtask 1");
            s0.open(); // its clean-up runs while subtask 1 is writing
            s1.snapshot(2);
            s1.notifyCheckpointComplete(2);
            assertEquals(List.of("a", "written by new subtask 1"), committedLines(out));
        }
    }

    // ---- abort ----

    @Test
    void whenTheSinkIsClosedWithoutAPreCommit_thenTheOpenTransactionsFilesAreDeleted() throws Exception {
        Path out = dir.resolve("out");
        OperatorHarness<String, Void> harness = OperatorHarness.forSink(
                lines(out, new RollBySizeOrAge(2, Long.MAX_VALUE)));
        harness.processElements("a", "b", "c");
        assertEquals(3, hidden(out).size());
        harness.close();
        assertEquals(List.of(), hidden(out));
        assertEquals(List.of(), visible(out));
    }

    @Test
    void whenClosedAfterAPreCommit_thenThePreCommittedFilesStayForTheRestore() throws Exception {
        Path out = dir.resolve("out");
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(lines(out))) {
            harness.processElement("a");
            harness.snapshot(1);
            harness.processElement("b");
        }
        assertEquals(1, hidden(out).size(), "only the pre-committed part of checkpoint 1 is left");
        assertEquals("a\n", Files.readString(out.resolve(hidden(out).get(0))));
    }

    // ---- rolling, encoders, configuration ----

    @Test
    void whenPartsReachTheMaxSize_thenACheckpointCommitsSeveralParts() throws Exception {
        Path out = dir.resolve("out");
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(
                lines(out, new RollBySizeOrAge(100, Long.MAX_VALUE)))) {
            for (int i = 0; i < 100; i++) {
                harness.processElement(String.format("record-%04d", i)); // 12 bytes with the newline
            }
            harness.snapshot(1);
            harness.notifyCheckpointComplete(1);
        }
        List<String> parts = visible(out);
        assertTrue(parts.size() >= 10, "1200 bytes in parts of at most ~100 bytes: " + parts);
        for (int k = 0; k < parts.size(); k++) {
            assertTrue(parts.contains("part-0-1-" + k), parts.toString());
            long size = Files.size(out.resolve("part-0-1-" + k));
            assertTrue(size <= 100 + 12, "part " + k + " has " + size + " bytes");
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add(String.format("record-%04d", i));
        }
        assertEquals(expected, committedLines(out));
    }

    @Test
    void whenPartsReachTheMaxAge_thenANewPartIsStarted() throws Exception {
        Path out = dir.resolve("out");
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(
                lines(out, new RollBySizeOrAge(Long.MAX_VALUE, 150)))) {
            harness.processElements("a", "b");
            Thread.sleep(300);
            harness.processElement("c");
            harness.snapshot(1);
            harness.notifyCheckpointComplete(1);
        }
        assertEquals(List.of("part-0-1-0", "part-0-1-1"), visible(out));
        assertEquals("a\nb\n", Files.readString(out.resolve("part-0-1-0")));
        assertEquals("c\n", Files.readString(out.resolve("part-0-1-1")));
    }

    @Test
    void whenACustomEncoderIsSet_thenPartsHoldItsBytes() throws Exception {
        Path out = dir.resolve("out");
        FileSink<Integer> sink = FileSink.<Integer>forRowFormat(new dev.weir.api.fs.Path(out.toString()),
                        (value, stream) -> stream.write(("<" + value * 10 + ">").getBytes(StandardCharsets.UTF_8)))
                .withBucketAssigner(new BasePathBucketAssigner<>()).build();
        try (OperatorHarness<Integer, Void> harness = OperatorHarness.forSink(sink)) {
            harness.processElements(1, 2, 3);
            harness.snapshot(1);
            harness.notifyCheckpointComplete(1);
        }
        assertEquals("<10><20><30>", Files.readString(out.resolve("part-0-1-0")));
    }

    @Test
    void whenAPrefixIsSet_thenItNamesTheParts() throws Exception {
        Path out = dir.resolve("out");
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(
                FileSink.forRowFormat(new dev.weir.api.fs.Path(out.toUri()), new SimpleStringEncoder<String>())
                        .withBucketAssigner(new BasePathBucketAssigner<>())
                        .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("counts").build()).build())) {
            harness.processElement("a");
            assertTrue(hidden(out).get(0).startsWith(".counts-0-"), hidden(out).toString());
            harness.snapshot(1);
            harness.notifyCheckpointComplete(1);
        }
        assertEquals(List.of("counts-0-1-0"), visible(out));
    }

    @Test
    void whenTheOutputPathIsARegularFile_thenOpenFailsNamingThePath() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        OperatorHarness<String, Void> harness = OperatorHarness.forSink(lines(file));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, harness::open);
        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
        assertEquals("x", Files.readString(file), "the file must be left alone");
    }

    @Test
    void whenARollingPolicyDoesNotRollOnCheckpoints_thenTheBuilderRefusesItNamingWhatToUse() {
        RollingPolicy<String, String> sizeOnly = new RollingPolicy<>() {
            @Override
            public boolean shouldRollOnCheckpoint(PartFileInfo<String> part) {
                return false;
            }

            @Override
            public boolean shouldRollOnEvent(PartFileInfo<String> part, String element) throws IOException {
                return part.getSize() > 1000;
            }

            @Override
            public boolean shouldRollOnProcessingTime(PartFileInfo<String> part, long currentTime) {
                return false;
            }
        };
        FileSink.DefaultRowFormatBuilder<String> builder =
                FileSink.forRowFormat(new dev.weir.api.fs.Path(dir.toUri()), new SimpleStringEncoder<>());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder.withRollingPolicy(sizeOnly));
        assertTrue(e.getMessage().contains("always rolls on checkpoints")
                && e.getMessage().contains("OnCheckpointRollingPolicy.build()"), e.getMessage());
    }

    @Test
    void whenThePartPrefixOrSuffixCannotBePartOfAFileName_thenBuildRefusesItNamingTheValue() {
        for (OutputFileConfig config : List.of(new OutputFileConfig("../x", ""), new OutputFileConfig("", ""),
                new OutputFileConfig(".hidden", ""), new OutputFileConfig("part", "/x"))) {
            FileSink.DefaultRowFormatBuilder<String> builder =
                    FileSink.<String>forRowFormat(new dev.weir.api.fs.Path(dir.toUri()), new SimpleStringEncoder<>())
                            .withOutputFileConfig(config);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
            assertTrue(e.getMessage().contains("'" + (config.getPartSuffix().isEmpty() ? config.getPartPrefix()
                    : config.getPartSuffix()) + "'"), e.getMessage());
        }
    }

    @Test
    void whenAPrefixAndSuffixAreSet_thenCommittedPartsCarryBoth() throws Exception {
        Path out = dir.resolve("out");
        FileSink<String> sink = FileSink.forRowFormat(new dev.weir.api.fs.Path(out.toString()),
                        new SimpleStringEncoder<String>())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("words").withPartSuffix(".txt").build())
                .build();
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(sink)) {
            harness.processElements("a", "b");
            assertTrue(hidden(out).get(0).matches("\\.words-0-[0-9a-f]+-0\\.inprogress"), hidden(out).toString());
            harness.snapshot(3);
            harness.notifyCheckpointComplete(3);
        }
        assertEquals(List.of("words-0-3-0.txt"), visible(out));
        assertEquals("a\nb\n", Files.readString(out.resolve("words-0-3-0.txt")));
    }

    @Test
    void whenNoBucketAssignerIsSet_thenPartsGoIntoTheDirectoryOfTheCurrentHour() throws Exception {
        Path out = dir.resolve("out");
        java.time.format.DateTimeFormatter hour = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd--HH")
                .withZone(java.time.ZoneId.systemDefault());
        String before = hour.format(java.time.Instant.now());
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(
                FileSink.forRowFormat(new dev.weir.api.fs.Path(out.toUri()), new SimpleStringEncoder<String>()).build())) {
            harness.processElement("a");
            harness.snapshot(1);
            harness.notifyCheckpointComplete(1);
        }
        String after = hour.format(java.time.Instant.now());
        List<String> buckets = names(out);
        assertEquals(1, buckets.size(), buckets.toString());
        assertTrue(buckets.get(0).equals(before) || buckets.get(0).equals(after), buckets + " vs " + before);
        assertEquals(List.of("part-0-1-0"), visible(out.resolve(buckets.get(0))));
        assertEquals("a\n", Files.readString(out.resolve(buckets.get(0)).resolve("part-0-1-0")));
    }

    @Test
    void whenRecordsGoToSeveralBuckets_thenEachBucketGetsItsPartsAndARestoreCleansLeftoversInAll() throws Exception {
        Path out = dir.resolve("out");
        OperatorHarness<String, Void> crashed = OperatorHarness.forSink(byFirstLetter(out));
        try {
            crashed.processElements("apple", "banana", "avocado");
            HarnessSnapshot snapshot = crashed.snapshot(1);
            crashed.processElements("blueberry", "apricot"); // the next transaction, never pre-committed
            assertEquals(2, hidden(out.resolve("a")).size(), hidden(out.resolve("a")).toString());
            // The process dies here: no close, no notification.

            try (OperatorHarness<String, Void> restored = OperatorHarness.builder().restoreFrom(snapshot)
                    .build(new SinkOperator<>(byFirstLetter(out)))) {
                restored.open(); // commits checkpoint 1, deletes the later parts
                assertEquals(List.of("part-0-1-0"), visible(out.resolve("a")));
                assertEquals(List.of("part-0-1-1"), visible(out.resolve("b")));
                assertEquals("apple\navocado\n", Files.readString(out.resolve("a/part-0-1-0")));
                assertEquals("banana\n", Files.readString(out.resolve("b/part-0-1-1")));
                assertEquals(List.of(), hidden(out.resolve("a")));
                assertEquals(List.of(), hidden(out.resolve("b")));
            }
        } finally {
            crashed.close();
        }
    }

    @Test
    void whenABucketIdLeavesTheOutputDirectory_thenTheWriteFailsNamingIt() throws Exception {
        Path out = dir.resolve("out");
        FileSink<String> sink = FileSink.forRowFormat(new dev.weir.api.fs.Path(out.toUri()), new SimpleStringEncoder<String>())
                .withBucketAssigner((element, context) -> "../escape").build();
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(sink)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> harness.processElement("x"));
            assertTrue(e.getMessage().contains("'../escape'"), e.getMessage());
        }
        assertTrue(Files.notExists(dir.resolve("escape")));
    }

    @Test
    void theDateTimeBucketAssignerFormatsTheProcessingTimeWithItsPatternAndZone() {
        BucketAssigner.Context at = new BucketAssigner.Context() {
            @Override
            public long currentProcessingTime() {
                return java.time.Instant.parse("2026-12-06T23:30:00Z").toEpochMilli();
            }

            @Override
            public long currentWatermark() {
                return Long.MIN_VALUE;
            }

            @Override
            public Long timestamp() {
                return null;
            }
        };
        assertEquals("2026-12-06--23", new DateTimeBucketAssigner<String>(java.time.ZoneOffset.UTC).getBucketId("x", at));
        assertEquals("2026-12-07--00", // UTC+1 in winter
                new DateTimeBucketAssigner<String>(java.time.ZoneId.of("Europe/Berlin")).getBucketId("x", at));
        assertEquals("2026/12/06", new DateTimeBucketAssigner<String>("yyyy/MM/dd", java.time.ZoneOffset.UTC)
                .getBucketId("x", at));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DateTimeBucketAssigner<String>("yyyy-{bad"));
        assertTrue(e.getMessage().contains("yyyy-{bad"), e.getMessage());
    }

    @Test
    void whenBucketIdsNameNestedDirectories_thenPartsAreCommittedThereAndTheJobsOutputCanBeReadBack() throws Exception {
        Path out = dir.resolve("out");
        FileSink<String> sink = FileSink.forRowFormat(new dev.weir.api.fs.Path(out.toUri()), new SimpleStringEncoder<String>())
                .withBucketAssigner((element, context) -> "year=2026/key=" + element.charAt(0))
                .build();
        try (OperatorHarness<String, Void> harness = OperatorHarness.forSink(sink)) {
            harness.processElements("a1", "b1", "a2");
            harness.snapshot(7);
            harness.notifyCheckpointComplete(7);
        }
        assertEquals(List.of("part-0-7-0"), visible(out.resolve("year=2026/key=a")));
        assertEquals(List.of("part-0-7-1"), visible(out.resolve("year=2026/key=b")));
        FileSource<String> readBack = FileSource.forRecordStreamFormat(new TextLineInputFormat(),
                new dev.weir.api.fs.Path(out.toUri())).build();
        List<String> lines = new ArrayList<>();
        var reader = readBack.createReader(new dev.weir.testing.TestSourceContext(0, 1), readBack.initialSplits(0, 1));
        while (reader.pollNext(lines::add) == dev.weir.api.connector.SourceReader.InputStatus.MORE_AVAILABLE) {
            // keep reading
        }
        reader.close();
        assertEquals(List.of("a1", "a2", "b1"), lines);
    }

    private static FileSink<String> byFirstLetter(Path out) {
        return FileSink.forRowFormat(new dev.weir.api.fs.Path(out.toUri()), new SimpleStringEncoder<String>())
                .withBucketAssigner((element, context) -> element.substring(0, 1))
                .build();
    }

    // ---- in jobs ----

    @Test
    void whenAJobRunsWithoutCheckpointing_thenEverythingIsCommittedAtTheEndOfInput() throws Exception {
        Path out = dir.resolve("out");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2).setJobName("file-sink-no-checkpoints");
        env.fromSequence(0, 999).sinkTo(FileSinkTest.<Long>lines(out));

        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(List.of(), hidden(out));
        List<String> files = visible(out);
        assertEquals(2, files.size(), files.toString());
        assertTrue(files.stream().allMatch(f -> f.matches("part-[01]-final-[0-9a-f]+-0")), files.toString());
        assertEquals(LongStream.range(0, 1000).boxed().toList(),
                committedLines(out).stream().map(Long::parseLong).sorted().toList());
    }

    @Test
    void whenACheckpointedJobEnds_thenTheLastRecordsAreCommittedByTheFinalCheckpoint() throws Exception {
        Path out = dir.resolve("out");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2).setJobName("file-sink-checkpoints");
        env.enableCheckpointing(20);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        env.fromSource(new DataGeneratorSource<>(index -> index, 20_000, RateLimiterStrategy.perSecond(100_000), TypeInformation.of(Long.class)), WatermarkStrategy.noWatermarks(), "numbers")
                .sinkTo(FileSinkTest.<Long>lines(out));

        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertTrue(result.completedCheckpoints().size() >= 2, "checkpoints: " + result.completedCheckpoints().size());
        assertEquals(List.of(), hidden(out));
        assertTrue(visible(out).stream().allMatch(f -> f.matches("part-[01]-\\d+-\\d+")), visible(out).toString());
        assertEquals(LongStream.range(0, 20_000).boxed().toList(),
                committedLines(out).stream().map(Long::parseLong).sorted().toList());
    }

    // ---- helpers ----

    /** The sink of most tests: lines into {@code out} itself, rolled on checkpoints. */
    static <T> FileSink<T> lines(Path out) {
        return FileSink.forRowFormat(new dev.weir.api.fs.Path(out.toUri()), new SimpleStringEncoder<T>())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .build();
    }

    /** The same with another rolling policy. */
    static FileSink<String> lines(Path out, RollingPolicy<String, String> policy) {
        return FileSink.forRowFormat(new dev.weir.api.fs.Path(out.toUri()), new SimpleStringEncoder<String>())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(policy)
                .build();
    }

    /** Rolls on checkpoints and also when a part reaches {@code maxBytes} or {@code maxAgeMillis}. */
    static final class RollBySizeOrAge extends CheckpointRollingPolicy<String, String> {
        private final long maxBytes;
        private final long maxAgeMillis;

        RollBySizeOrAge(long maxBytes, long maxAgeMillis) {
            this.maxBytes = maxBytes;
            this.maxAgeMillis = maxAgeMillis;
        }

        @Override
        public boolean shouldRollOnEvent(PartFileInfo<String> part, String element) throws IOException {
            return part.getSize() >= maxBytes;
        }

        @Override
        public boolean shouldRollOnProcessingTime(PartFileInfo<String> part, long currentTime) {
            return currentTime - part.getCreationTime() >= maxAgeMillis;
        }
    }

    private static OperatorHarness<String, Void> restore(HarnessSnapshot snapshot, Path out, int subtask,
                                                         int parallelism) {
        return OperatorHarness.builder().restoreFrom(snapshot).subtask(subtask, parallelism)
                .build(new SinkOperator<>(FileSinkTest.<String>lines(out)));
    }

    /** Committed files (names not starting with '.'), sorted. */
    private static List<String> visible(Path out) throws IOException {
        return names(out).stream().filter(n -> !n.startsWith(".")).toList();
    }

    private static List<String> hidden(Path out) throws IOException {
        return names(out).stream().filter(n -> n.startsWith(".")).toList();
    }

    private static List<String> names(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(out)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** The lines of all committed files, in order of subtask, checkpoint and part number. */
    private static List<String> committedLines(Path out) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String name : visible(out).stream().sorted(FileSinkTest::byNumbers).toList()) {
            lines.addAll(Files.readAllLines(out.resolve(name), StandardCharsets.UTF_8));
        }
        return lines;
    }

    /** Compares names like part-0-1-10 by their dash-separated fields, numbers as numbers. */
    private static int byNumbers(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].matches("\\d+") && y[i].matches("\\d+")
                    ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i])) : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static String fullMessage(Throwable e) {
        StringBuilder message = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            message.append(t).append(" | ");
        }
        return message.toString();
    }
}
