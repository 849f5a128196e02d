package dev.weir.connector;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes the entries of a directory durable: after a file was created, renamed or deleted in it, an
 * fsync of the directory keeps that change through an OS crash (the file's own fsync does not).
 * Used wherever a name must not vanish once something else counts on it: checkpoint folders and
 * their metadata, a file sink's part files.
 */
public final class DirectorySync {

    private DirectorySync() {
    }

    /** Forces the entries of {@code dir} to disk; a file system that cannot fsync a directory is let be. */
    public static void force(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot fsync a directory; renames there are still atomic.
        }
    }
}
