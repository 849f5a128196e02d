package dev.weir.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.state.HeapKeyedStateBackend;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.OperatorStateBackend;
import dev.weir.state.StateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint directory: metadata format, atomic completion, verification, fallback and cleanup. */
class CheckpointStorageTest {
    private static final String JOB = "storage-test";

    @TempDir
    Path base;

    /** Writes checkpoint {@code id} as a job would: a keyed file, an operator file, then the metadata. */
    private static CheckpointMetadata writeCheckpoint(CheckpointStorage storage, long id) throws IOException {
        return writeCheckpoint(storage, id, JOB);
    }

    private static CheckpointMetadata writeCheckpoint(CheckpointStorage storage, long id, String jobName)
            throws IOException {
        storage.initializeCheckpoint(id);
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(KeyGroupRange.forSubtask(128, 1, 0), 128);
        ValueState<Long> count = backend.getState(new ValueStateDescriptor<>("count", Long.class));
        for (long key = 0; key < 50; key++) {
            backend.setCurrentKey(key);
            count.update(key * id);
        }
        String keyedFile = CheckpointStorage.stateFile(id, "count", 0, "keyed");
        long keyedBytes = backend.snapshot().writeTo(storage.resolve(keyedFile));
        String opFile = CheckpointStorage.stateFile(id, "events", 0, "op");
        long opBytes = OperatorStateBackend.write(storage.resolve(opFile), Map.of("source-splits",
                new OperatorStateBackend.RawList(OperatorStateBackend.Mode.SPLIT, List.of(new byte[] {1, 2, 3}))));
        CheckpointMetadata metadata = new CheckpointMetadata(jobName, id, 1_700_000_000_000L + id, 128, List.of(
                new OperatorStateHandles("events", "Events", 1, List.of(),
                        List.of(new SubtaskStateHandle(0, null, 0, -1, 0, opFile, opBytes))),
                new OperatorStateHandles("count", "Count", 1, List.of(),
                        List.of(new SubtaskStateHandle(0, keyedFile, 0, 127, keyedBytes, null, 0)))));
        storage.commit(metadata);
        return metadata;
    }

    private CheckpointStorage storage() {
        return new CheckpointStorage(base, JOB);
    }

    private static Path metadataFile(CheckpointStorage storage, long id) {
        return storage.checkpointDirectory(id).resolve(CheckpointMetadata.FILE_NAME);
    }

    private static void flipBit(Path file, int position) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[position] ^= 0x01;
        Files.write(file, bytes);
    }

    private static void truncate(Path file, int length) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, length));
    }

    private static IOException assertLoadFailsNaming(CheckpointStorage storage, long id, Path file) {
        IOException e = assertThrows(IOException.class, () -> storage.loadVerified(id));
        assertTrue(e.getMessage().contains(file.toString()), () -> "message does not name " + file + ": "
                + e.getMessage());
        return e;
    }

    // ---- metadata format ----

    @Test
    void whenMetadataIsWrittenAndReadBack_thenEveryFieldIsTheSame() throws IOException {
        CheckpointStorage storage = storage();
        CheckpointMetadata written = writeCheckpoint(storage, 3);

        CheckpointMetadata read = CheckpointMetadata.read(metadataFile(storage, 3));

        assertEquals(written, read);
        assertEquals(written, storage.loadVerified(3).metadata());
        assertEquals(written.totalBytes(), read.totalBytes());
        assertTrue(read.totalBytes() > 0);
    }

    @Test
    void whenSubtasksHaveSharedFilesAndOperatorsNameTheirStates_thenEachFileStaysWithItsSubtask() throws IOException {
        CheckpointMetadata metadata = new CheckpointMetadata("job", 5, 42, 128, List.of(
                new OperatorStateHandles("count", "Count", 2,
                        List.of(new StateName(StateName.Kind.KEYED, "count"),
                                new StateName(StateName.Kind.OPERATOR, "pending")),
                        List.of(new SubtaskStateHandle(0, "chk-5/count/0.keyed", 0, 63, 10, null, 0, List.of(
                                        new SubtaskStateHandle.SharedFile("shared/count/a.sst", 1),
                                        new SubtaskStateHandle.SharedFile("shared/count/b.sst", 2))),
                                new SubtaskStateHandle(1, "chk-5/count/1.keyed", 64, 127, 20, "chk-5/count/1.op", 3,
                                        List.of()),
                                new SubtaskStateHandle(2, "chk-5/count/2.keyed", 64, 127, 20, null, 0, List.of(
                                        new SubtaskStateHandle.SharedFile("shared/count/c.sst", 3))))),
                new OperatorStateHandles("sink", "Sink", 1, List.of(),
                        List.of(new SubtaskStateHandle(0, null, 0, -1, 0, "chk-5/sink/0.op", 9, List.of())))));
        Path file = base.resolve("_metadata");
        Files.writeString(file, metadata.toText(), StandardCharsets.UTF_8);

        assertEquals(metadata, CheckpointMetadata.read(file));
    }

    /** Checkpoint 4 with one shared file {@code shared/count/a.sst} (with or without its CRC32C) beside the heap files. */
    private static CheckpointMetadata checkpointWithSharedFile(CheckpointStorage storage, boolean checksum)
            throws IOException {
        byte[] content = "an sst file's bytes".getBytes(StandardCharsets.UTF_8);
        Path shared = Files.createDirectories(storage.sharedDirectory().resolve("count")).resolve("a.sst");
        Files.write(shared, content);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(content);
        storage.initializeCheckpoint(4);
        CheckpointMetadata metadata = new CheckpointMetadata(JOB, 4, 1, 128, List.of(
                new OperatorStateHandles("count", "Count", 1, List.of(), List.of(new SubtaskStateHandle(0, null, 0, -1,
                        0, null, 0, List.of(checksum
                        ? new SubtaskStateHandle.SharedFile("shared/count/a.sst", content.length, crc.getValue())
                        : new SubtaskStateHandle.SharedFile("shared/count/a.sst", content.length)))))));
        storage.commit(metadata);
        return metadata;
    }

    @Test
    void whenASharedFileHasItsChecksum_thenItIsWrittenOnItsLineAndReadBack() throws IOException {
        CheckpointStorage storage = storage();
        CheckpointMetadata written = checkpointWithSharedFile(storage, true);
        SubtaskStateHandle.SharedFile file = written.operators().get(0).subtasks().get(0).sharedFiles().get(0);

        assertTrue(Files.readString(metadataFile(storage, 4)).contains("\nshared shared/count/a.sst "
                + file.bytes() + " " + String.format("%08x", file.crc32c()) + "\n"));
        assertEquals(written, CheckpointMetadata.read(metadataFile(storage, 4)));
        assertEquals(written, storage.loadVerified(4).metadata());
    }

    @Test
    void whenASharedFileIsFlippedButKeepsItsSize_thenLoadingTheCheckpointNamesItAndBothChecksums()
            throws IOException {
        CheckpointStorage storage = storage();
        CheckpointMetadata written = checkpointWithSharedFile(storage, true);
        long recorded = written.operators().get(0).subtasks().get(0).sharedFiles().get(0).crc32c();
        Path file = storage.resolve("shared/count/a.sst");
        byte[] bytes = Files.readAllBytes(file);
        bytes[3] ^= 0x40;
        Files.write(file, bytes);

        IOException e = assertThrows(IOException.class, () -> storage.loadVerified(4));
        java.util.zip.CRC32C actual = new java.util.zip.CRC32C();
        actual.update(bytes);
        assertEquals("shared file " + file + " of checkpoint 4 is corrupt: its content has CRC32C "
                + String.format("%08x", actual.getValue()) + ", the metadata recorded " + String.format("%08x", recorded)
                + " when it was uploaded (damaged on disk, or changed since)", e.getMessage());
        CheckpointException refused = assertThrows(CheckpointException.class, storage::latestCompleted);
        assertTrue(refused.getMessage().contains(e.getMessage()) && refused.getMessage().contains("Put the damaged "
                + "file back") && refused.getMessage().contains("--fresh"), refused.getMessage());
    }

    @Test
    void whenASharedFileLineHasNoChecksum_thenTheFileIsCheckedBySizeOnly() throws IOException {
        CheckpointStorage storage = storage();
        CheckpointMetadata written = checkpointWithSharedFile(storage, false);
        assertTrue(Files.readString(metadataFile(storage, 4)).contains("\nshared shared/count/a.sst 19\n"),
                "the line as versions without checksums wrote it");
        Path file = storage.resolve("shared/count/a.sst");
        byte[] bytes = Files.readAllBytes(file);
        bytes[3] ^= 0x40;
        Files.write(file, bytes);

        CheckpointMetadata read = storage.loadVerified(4).metadata();

        assertEquals(written, read);
        assertFalse(read.operators().get(0).subtasks().get(0).sharedFiles().get(0).hasChecksum());
        Files.write(file, java.util.Arrays.copyOf(bytes, 18));
        IOException e = assertThrows(IOException.class, () -> storage.loadVerified(4));
        assertEquals("shared file " + file + " of checkpoint 4 has 18 bytes, the metadata says 19: truncated or "
                + "replaced", e.getMessage());
    }

    @Test
    void aVersion1MetadataFileWithoutStateNamesIsStillRead() throws IOException {
        String body = "weir-checkpoint 1\njob old\ncheckpoint 3\ntimestamp 7\nmax-parallelism 128\n"
                + "operator count 1 Count\nsubtask 0 keyed chk-3/count/0.keyed 0 127 10 operator - 0\n";
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        Path file = base.resolve("_metadata");
        Files.writeString(file, body + String.format("crc32c %08x%n", crc.getValue()), StandardCharsets.UTF_8);

        CheckpointMetadata read = CheckpointMetadata.read(file);

        assertEquals("old", read.jobName());
        assertEquals(List.of(), read.operators().get(0).states());
        assertEquals("chk-3/count/0.keyed", read.operators().get(0).subtasks().get(0).keyedFile());
    }

    @Test
    void whenNamesHoldSpacesLineBreaksPercentSignsAndNonAsciiText_thenTheyRoundTrip() throws IOException {
        CheckpointMetadata metadata = new CheckpointMetadata("job with spaces\nand ü, 日本 % + -", 12, 42, 4096,
                List.of(new OperatorStateHandles("uid one/two", "name\twith\ttabs", 2, List.of(), List.of(
                                new SubtaskStateHandle(0, "chk-12/uid_one_two/0.keyed", 0, 2047, 100, null, 0),
                                new SubtaskStateHandle(1, "chk-12/uid_one_two/1.keyed", 2048, 4095, 200,
                                        "chk-12/uid_one_two/1.op", 7))),
                        new OperatorStateHandles("stateless", null, 1, List.of(),
                                List.of(new SubtaskStateHandle(0, null, 0, -1, 0, null, 0)))));
        Path file = base.resolve("_metadata");
        Files.writeString(file, metadata.toText(), StandardCharsets.UTF_8);

        assertEquals(metadata, CheckpointMetadata.read(file));
        assertEquals(11, metadata.toText().lines().count(), "one line per field, names never break lines");
    }

    @Test
    void whenANameIsASingleDash_thenItIsNotMistakenForAMissingValue() throws IOException {
        CheckpointMetadata metadata = new CheckpointMetadata("-", 1, 0, 128, List.of(new OperatorStateHandles("-",
                "-", 1, List.of(), List.of(new SubtaskStateHandle(0, null, 0, -1, 0, null, 0)))));
        Path file = base.resolve("_metadata");
        Files.writeString(file, metadata.toText(), StandardCharsets.UTF_8);

        assertEquals(metadata, CheckpointMetadata.read(file));
    }

    @Test
    void whenACheckpointIsCommitted_thenTheMetadataIsInPlaceAndNoTempFileIsLeft() throws IOException {
        CheckpointStorage storage = storage();
        writeCheckpoint(storage, 1);

        Set<String> entries;
        try (Stream<Path> list = Files.list(storage.checkpointDirectory(1))) {
            entries = list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        assertEquals(Set.of("_metadata", "count", "events"), entries);
        assertEquals(List.of(1L), storage.completedCheckpointIds());
    }

    @Test
    void whenALongerTempFileOfACrashedCommitIsLeft_thenTheNextCommitStillWritesValidMetadata() throws IOException {
        CheckpointStorage storage = storage();
        storage.initializeCheckpoint(5);
        Path temp = storage.checkpointDirectory(5).resolve("_metadata.tmp");
        Files.writeString(temp, "garbage\n".repeat(500));
        CheckpointMetadata metadata = new CheckpointMetadata(JOB, 5, 0, 128, List.of());

        storage.commit(metadata);

        assertEquals(metadata, CheckpointMetadata.read(metadataFile(storage, 5)));
        assertFalse(Files.exists(temp));
    }

    // ---- damaged metadata ----

    @Test
    void whenAnySingleBitOfTheMetadataIsFlipped_thenReadingFailsNamingTheFile() throws IOException {
        CheckpointStorage storage = storage();
        writeCheckpoint(storage, 2);
        Path file = metadataFile(storage, 2);
        byte[] original = Files.readAllBytes(file);

        for (int position = 0; position < original.length; position++) {
            Files.write(file, original);
            flipBit(file, position);
            int at = position;
            IOException e = assertThrows(IOException.class, () -> CheckpointMetadata.read(file),
                    () -> "bit flipped at byte " + at + " went unnoticed");
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
        Files.write(file, original);
        flipBit(file, original.length / 2);
        assertLoadFailsNaming(storage, 2, file);
    }

    @Test
    void whenTheMetadataIsNotUtf8_thenReadingFailsNamingTheFile() throws IOException {
        CheckpointStorage storage = storage();
        writeCheckpoint(storage, 2);
        Path file = metadataFile(storage, 2);
        byte[] bytes = Files.readAllBytes(file);
        bytes[30] = (byte) 0xFF;
        Files.write(file, bytes);

        assertLoadFailsNaming(storage, 2, file);
    }

    @Test
    void whenTheMetadataIsTruncatedAnywhere_thenReadingFailsNamingTheFile() throws IOException {
        CheckpointStorage storage = storage();
        writeCheckpoint(storage, 4);
        Path file = metadataFile(storage, 4);
        byte[] original = Files.readAllBytes(file);

        for (int length = 0; length < original.length; length++) {
            Files.write(file, Arrays.copyOf(original, length));
            int at = length;
            IOException e = assertThrows(IOException.class, () -> CheckpointMetadata.read(file),
                    () -> "metadata truncated to " + at + " bytes was accepted");
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
    }

    @Test
    void whenTheMetadataIsMissing_thenLoadingFailsNamingTheFile() throws IOException {
        CheckpointStorage storage = storage();
        storage.initializeCheckpoint(9);

        assertLoadFailsNaming(storage, 9, metadataFile(storage, 9));
    }

    // ---- damaged state files ----

    @Test
    void whenAStateFileIsMissing_thenLoadingFailsNamingThatFile() throws IOException {
        CheckpointStorage storage = storage();
        writeCheckpoint(storage, 1);
        Path keyed = storage.resolve(CheckpointStorage.stateFile(1, "count", 0, "keyed"));
        Files.delete(keyed);

        IOException e = assertLoadFailsNaming(storage, 1, keyed);
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void whenAStateFileIsTruncated_thenLoadingFailsNamingThatFile() throws IOException {
        CheckpointStorage storage = storage();
        writeCheckpoint(storage, 1);
        Path op = storage.resolve(CheckpointStorage.stateFile(1, "events", 0, "op"));
        truncate(op, (int) Files.size(op) - 1);

        assertLoadFailsNaming(storage, 1, op);
    }

    @Test
    void whenAStateFileHasTheRightSizeButAWrongChecksum_thenLoadingFailsNamingThatFile() throws IOException {
        CheckpointStorage storage = storage();
        writeCheckpoint(storage, 1);
        Path keyed = storage.resolve(CheckpointStorage.stateFile(1, "count", 0, "keyed"));
        long size = Files.size(keyed);

        for (int position : new int[] {(int) size / 2, (int) size - 1, 6}) {
            byte[] before = Files.readAllBytes(keyed);
            flipBit(keyed, position);
            IOException e = assertLoadFailsNaming(storage, 1, keyed);
            assertTrue(e.getMessage().contains("checksum"), e.getMessage());
            Files.write(keyed, before);
        }
        assertNotNull(storage.loadVerified(1), "the restored file is accepted again");
    }

    @Test
    void whenAStateFileIsOfTheWrongKind_thenReadingItFailsNamingTheFile() throws IOException {
        CheckpointStorage storage = storage();
        writeCheckpoint(storage, 1);
        Path op = storage.resolve(CheckpointStorage.stateFile(1, "events", 0, "op"));

        IOException e = assertThrows(IOException.class, () -> StateFiles.read(op, StateFiles.KIND_KEYED));

        assertTrue(e.getMessage().contains(op.toString()), e.getMessage());
    }

    @Test
    void whenAStateFileHasAnOlderFormatVersion_thenReadingItFailsNamingTheFileAndWhatToDo() throws IOException {
        CheckpointStorage storage = storage();
        writeCheckpoint(storage, 1);
        Path op = storage.resolve(CheckpointStorage.stateFile(1, "events", 0, "op"));
        byte[] bytes = Files.readAllBytes(op);
        bytes[4] = 1; // the version before timers had a time domain and a namespace
        Files.write(op, bytes);

        IOException e = assertThrows(IOException.class, () -> StateFiles.read(op, StateFiles.KIND_OPERATOR));

        assertTrue(e.getMessage().contains(op.toString()) && e.getMessage().contains("format version 1")
                && e.getMessage().contains("older Weir") && e.getMessage().contains("start the job fresh"),
                e.getMessage());
    }

    // ---- choosing a checkpoint to restore ----

    @Test
    void whenTheNewestCompletedCheckpointsMetadataIsCorrupt_thenLatestCompletedRefusesInsteadOfFallingBack()
            throws IOException {
        CheckpointStorage storage = storage();
        writeCheckpoint(storage, 1);
        writeCheckpoint(storage, 2);
        Path corrupt = metadataFile(storage, 2);
        flipBit(corrupt, 40);

        CheckpointException e = assertThrows(CheckpointException.class, storage::latestCompleted);

        assertTrue(e.getMessage().contains("checkpoint 2") && e.getMessage().contains(corrupt.toString()),
                e.getMessage());
        assertTrue(e.getMessage().contains("written a second time"), e.getMessage());
        assertTrue(e.getMessage().contains("--restore " + storage.checkpointDirectory(1)), e.getMessage());
    }

    @Test
    void whenTheNewestCheckpointLostAStateFile_thenLatestCompletedRefusesNamingTheFile() throws IOException {
        CheckpointStorage storage = storage();
        writeCheckpoint(storage, 1);
        writeCheckpoint(storage, 2);
        Path keyed = storage.resolve(CheckpointStorage.stateFile(2, "count", 0, "keyed"));
        Files.delete(keyed);

        CheckpointException e = assertThrows(CheckpointException.class, storage::latestCompleted);

        assertTrue(e.getMessage().contains(keyed.toString()), e.getMessage());
    }

    @Test
    void whenTheOnlyCompletedCheckpointIsDamaged_thenTheRefusalSaysHowToStartOver() throws IOException {
        CheckpointStorage storage = storage();
        writeCheckpoint(storage, 1);
        flipBit(storage.resolve(CheckpointStorage.stateFile(1, "events", 0, "op")), 20);

        CheckpointException e = assertThrows(CheckpointException.class, storage::latestCompleted);

        assertTrue(e.getMessage().contains("no older completed checkpoint") && e.getMessage().contains("--fresh"),
                e.getMessage());
    }

    @Test
    void whenTheNewestCheckpointDirectoryNeverCompleted_thenLatestCompletedIsTheOneBefore() throws IOException {
        CheckpointStorage storage = storage();
        writeCheckpoint(storage, 1);
        writeCheckpoint(storage, 2);
        Files.delete(metadataFile(storage, 2)); // as if the process died before the metadata was written

        assertEquals(1, storage.latestCompleted().checkpointId());
    }

    @Test
    void whenTheNewestCheckpointInTheJobDirectoryBelongsToAnotherJob_thenLatestCompletedRefusesNamingIt()
            throws IOException {
        CheckpointStorage storage = storage();
        writeCheckpoint(storage, 1);
        writeCheckpoint(storage, 2, "another-job");

        CheckpointException e = assertThrows(CheckpointException.class, storage::latestCompleted);

        assertTrue(e.getMessage().contains("another-job"), e.getMessage());
    }

    @Test
    void whenCheckpointIdsGainADigit_thenTheyAreOrderedNumerically() throws IOException {
        CheckpointStorage storage = storage();
        writeCheckpoint(storage, 9);
        writeCheckpoint(storage, 10);

        assertEquals(List.of(9L, 10L), storage.completedCheckpointIds());
        assertEquals(10, storage.latestCompleted().checkpointId());
    }

    @Test
    void whenThereIsNoJobDirectory_thenThereAreNoCheckpointsNothingToRestoreAndNoTrace() {
        CheckpointStorage storage = storage();

        assertEquals(List.of(), storage.checkpointIds());
        assertNull(storage.latestCompleted());
        assertFalse(storage.hasTrace());
    }

    @Test
    void whenAJobWroteItsTrace_thenTheDirectoryKnowsTheJobAndListsIt() throws IOException {
        CheckpointStorage storage = storage();
        storage.recordStart(1, true);
        new CheckpointStorage(base, "other").recordStart(1, true);
        Files.createDirectories(base.resolve("not-a-job"));

        assertTrue(storage.hasTrace());
        assertNull(storage.latestCompleted(), "a trace is not a checkpoint");
        assertEquals(List.of("other", JOB), CheckpointStorage.jobsIn(base));
    }

    @Test
    void checkpointIdsAreReservedInBlocksSoANewStartNeverReusesOneEvenWhenItsDirectoryIsGone() throws IOException {
        CheckpointStorage storage = storage();
        storage.recordStart(1, true);
        assertEquals(CheckpointStorage.RESERVED_ID_BLOCK, storage.highestUsedCheckpointId());
        writeCheckpoint(storage, CheckpointStorage.RESERVED_ID_BLOCK + 5); // beyond the block: reserves the next one
        dev.weir.state.LocalFiles.deleteRecursively(storage.checkpointDirectory(CheckpointStorage.RESERVED_ID_BLOCK + 5));

        CheckpointStorage reopened = storage();
        assertEquals(2 * CheckpointStorage.RESERVED_ID_BLOCK + 4, reopened.highestUsedCheckpointId());
        assertEquals(CheckpointStorage.RESERVED_ID_BLOCK + 5, reopened.lastCompletedCheckpointOfLineage());
    }

    @Test
    void aFreshStartBeginsANewLineage_olderCheckpointsAreNoLongerThisRunsLatest() throws IOException {
        CheckpointStorage storage = storage();
        storage.recordStart(1, true);
        writeCheckpoint(storage, 1);
        writeCheckpoint(storage, 2);
        storage.recordStart(storage.highestUsedCheckpointId() + 1, true);

        CheckpointStorage reopened = storage();
        assertEquals(List.of(), reopened.completedCheckpointIdsOfLineage());
        assertNull(reopened.latestCompleted());
        assertEquals(0, reopened.lastCompletedCheckpointOfLineage());
    }

    @Test
    void whenTheTraceIsDamaged_thenReadingItFailsNamingItAndWhatItHolds() throws IOException {
        CheckpointStorage storage = storage();
        storage.recordStart(1, true);
        Path trace = storage.jobDirectory().resolve("_job");
        flipBit(trace, 30);

        RuntimeException e = assertThrows(RuntimeException.class, () -> storage().highestUsedCheckpointId());

        assertTrue(e.getMessage().contains(trace.toString()) && e.getMessage().contains("checkpoint ids"),
                e.getMessage());
    }

    @Test
    void whenTheJobDirectoryIsLocked_thenASecondLockIsRefusedNamingTheHolderUntilTheFirstIsReleased() {
        CheckpointStorage storage = storage();
        try (JobDirectoryLock first = storage.lock()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, storage::lock);
            assertTrue(e.getMessage().contains(storage.jobDirectory().toString())
                    && e.getMessage().contains("process " + ProcessHandle.current().pid()), e.getMessage());
        }
        storage.lock().close(); // released: free again
    }

    // ---- cleanup ----

    @Test
    void whenDiscardingIncompleteCheckpoints_thenOnlyChkDirectoriesWithoutMetadataAreRemoved() throws IOException {
        CheckpointStorage storage = storage();
        writeCheckpoint(storage, 1);
        writeCheckpoint(storage, 2);
        Files.delete(metadataFile(storage, 2)); // crashed before completing: files but no metadata
        storage.initializeCheckpoint(3); // aborted right after it was created
        Path shared = Files.createDirectories(storage.jobDirectory().resolve("shared"));
        Path notes = Files.writeString(storage.jobDirectory().resolve("chk-notes"), "not a checkpoint");
        assertEquals(List.of(1L, 2L, 3L), storage.checkpointIds());
        assertEquals(List.of(1L), storage.completedCheckpointIds());

        storage.discardIncomplete();

        assertEquals(List.of(1L), storage.checkpointIds());
        assertFalse(Files.exists(storage.checkpointDirectory(2)));
        assertFalse(Files.exists(storage.checkpointDirectory(3)));
        assertTrue(Files.isDirectory(shared));
        assertTrue(Files.exists(notes));
        assertEquals(1, storage.loadVerified(1).checkpointId(), "the complete checkpoint is untouched");
    }
}
