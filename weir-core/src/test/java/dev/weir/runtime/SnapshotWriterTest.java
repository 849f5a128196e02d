package dev.weir.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.spi.AsyncSnapshotWork;
import dev.weir.checkpoint.CheckpointStorage;
import dev.weir.checkpoint.TaskAcknowledgement;
import dev.weir.runtime.operators.OperatorSnapshot;
import dev.weir.state.OperatorStateBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotWriterTest {
    @TempDir
    Path dir;

    private final ExecutorService pieces = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws InterruptedException {
        pieces.shutdownNow();
        pieces.awaitTermination(10, TimeUnit.SECONDS);
    }

    private static OperatorSnapshot listState(AsyncSnapshotWork.Action... actions) {
        return new OperatorSnapshot(null, Map.of("offsets", new OperatorStateBackend.RawList(
                OperatorStateBackend.Mode.SPLIT, List.of(new byte[] {1, 2, 3}))), List.of(actions));
    }

    @Test
    void operatorsWrittenAsParallelPiecesAreAcknowledgedInChainOrderAfterTheirActionsRan() throws Exception {
        CheckpointStorage storage = new CheckpointStorage(dir, "job");
        storage.initializeCheckpoint(1);
        // The two actions only finish when both run at once: the pieces do overlap.
        CountDownLatch bothRunning = new CountDownLatch(2);
        AsyncSnapshotWork.Action meetTheOther = () -> {
            bothRunning.countDown();
            if (!bothRunning.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other action never ran alongside");
            }
        };
        List<SnapshotWriter.MemberImage> images = List.of(
                new SnapshotWriter.MemberImage("source", "source", 0, 1, listState(meetTheOther)),
                new SnapshotWriter.MemberImage("sink", "sink", 0, 1, listState(meetTheOther)));

        TaskAcknowledgement ack = new SnapshotWriter(storage, pieces).write(1, 0, images, 0, 0);

        assertEquals(0, bothRunning.getCount());
        assertEquals(List.of("source", "sink"), ack.operators().stream().map(TaskAcknowledgement.OperatorSubtaskState::uid)
                .toList());
        for (TaskAcknowledgement.OperatorSubtaskState operator : ack.operators()) {
            assertTrue(Files.isRegularFile(storage.resolve(operator.handle().operatorFile())), operator.uid());
        }
        assertTrue(ack.bytes() > 0);
    }

    @Test
    void whenAnActionAndAStateFileBothFail_thenTheActionsFailureIsReported() throws Exception {
        CheckpointStorage storage = new CheckpointStorage(dir, "job");
        storage.initializeCheckpoint(1);
        Files.writeString(storage.checkpointDirectory(1).resolve("sink"), "a file where the operator's folder goes");
        AsyncSnapshotWork.Action lostFsync = () -> {
            throw new IOException("fsync of a part file failed");
        };
        List<SnapshotWriter.MemberImage> images = List.of(
                new SnapshotWriter.MemberImage("sink", "sink", 0, 1, listState(lostFsync)));

        AsyncSnapshotWork.ActionFailedException failure = assertThrows(AsyncSnapshotWork.ActionFailedException.class,
                () -> new SnapshotWriter(storage, pieces).write(1, 0, images, 0, 0));
        assertTrue(failure.getMessage().contains("fsync of a part file failed"), failure.getMessage());
    }

    @Test
    void whenOnlyAStateFileFails_thenTheWriteFailsWithItsIOException() throws Exception {
        CheckpointStorage storage = new CheckpointStorage(dir, "job");
        storage.initializeCheckpoint(1);
        Files.writeString(storage.checkpointDirectory(1).resolve("sink"), "a file where the operator's folder goes");
        List<SnapshotWriter.MemberImage> images = List.of(
                new SnapshotWriter.MemberImage("sink", "sink", 0, 1, listState()));

        IOException failure = assertThrows(IOException.class,
                () -> new SnapshotWriter(storage, pieces).write(1, 0, images, 0, 0));
        assertTrue(failure.getMessage().contains("sink"), failure.getMessage());
    }
}
