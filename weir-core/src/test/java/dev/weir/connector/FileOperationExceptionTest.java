package dev.weir.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.connector.FileOperationException.Operation;
import dev.weir.connector.FileOperationException.Owner;
import dev.weir.state.StateFiles;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The messages of failed file operations: the path once, the operation, the cause and the option. */
class FileOperationExceptionTest {
    @TempDir
    Path dir;

    @Test
    void whenTheDiskIsFull_thenTheMessageNamesTheFileTheOperationTheSpaceLeftAndTheOptions() {
        Path file = dir.resolve("chk-3/count/0.keyed");
        FileSystemException enospc = new FileSystemException(file.toString(), null, "No space left on device");

        FileOperationException e = FileOperationException.of(Operation.FSYNC, file, Owner.CHECKPOINTS, enospc);

        assertTrue(e.diskFull());
        assertEquals(Operation.FSYNC, e.operation());
        assertSame(enospc, e.getCause());
        String message = e.getMessage();
        assertTrue(message.startsWith("cannot fsync " + file.toAbsolutePath() + " (checkpoints): No space left on "
                + "device (the disk is full: "), message);
        assertTrue(message.contains("usable on the file store of " + dir.toAbsolutePath() + ")"), message);
        assertTrue(message.contains("--checkpoint-dir") && message.contains("--retained-checkpoints N"), message);
        assertEquals(message.indexOf(file.toString()), message.lastIndexOf(file.toString()),
                "the path once: " + message);
    }

    @Test
    void whenTheFailureIsNotAFullDisk_thenTheMessageSaysWhichOptionPlacesTheFiles() {
        Path file = dir.resolve("out/.part-0-ab-0.inprogress");
        IOException denied = new java.nio.file.AccessDeniedException(file.toString());

        FileOperationException e = FileOperationException.of(Operation.CREATE, file, Owner.OUTPUT, denied);

        assertFalse(e.diskFull());
        assertEquals("cannot create " + file.toAbsolutePath() + " (file sink output): permission denied. Choose "
                + "another output directory with --output (FileSink.forRowFormat(..))", e.getMessage());
    }

    @Test
    void whenAFailureIsDescribedTwice_thenTheFirstDescriptionIsKept() {
        FileOperationException first = FileOperationException.of(Operation.WRITE, dir.resolve("a"), Owner.OUTPUT,
                new IOException("No space left on device"));

        assertSame(first, FileOperationException.of(Operation.RENAME, dir.resolve("b"), Owner.CHECKPOINTS, first));
    }

    @Test
    void whenAStateFileCannotBeCreated_thenTheWriterNamesItAndTheCheckpointOption() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("chk-1"), "a file where a folder should be");
        Path file = notADirectory.resolve("count/0.keyed");

        FileOperationException e = assertThrows(FileOperationException.class,
                () -> StateFiles.write(file, StateFiles.KIND_KEYED, out -> out.writeInt(1)));

        assertEquals(Operation.CREATE, e.operation());
        assertTrue(e.getMessage().startsWith("cannot create " + file.toAbsolutePath() + " (checkpoints): "
                + notADirectory.resolve("count").toAbsolutePath() + ": Not a directory."), e.getMessage());
        assertTrue(e.getMessage().contains("--checkpoint-dir"), e.getMessage());
    }
}
