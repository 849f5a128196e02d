package dev.weir.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The exclusive right of one running job to its checkpoint directory: an OS lock on
 * {@code <job-dir>/_lock}, held from the start of the job to its end. A second process (or a second
 * execution in the same JVM) that starts the same job on the same directory is refused at once,
 * instead of adopting the first one's checkpoints and pending transactions.
 *
 * <p>The OS releases the lock when the process dies, so a {@code kill -9} never leaves it stuck;
 * the file itself stays and is harmless. The file holds who locked it, to name them in the refusal.
 */
public final class JobDirectoryLock implements AutoCloseable {
    static final String FILE_NAME = "_lock";

    private final Path jobDirectory;
    private final FileChannel channel;
    private final FileLock lock;
    /** The directory did not exist before this lock made it. */
    private final boolean createdDirectory;

    private JobDirectoryLock(Path jobDirectory, FileChannel channel, FileLock lock, boolean createdDirectory) {
        this.jobDirectory = jobDirectory;
        this.channel = channel;
        this.lock = lock;
        this.createdDirectory = createdDirectory;
    }

    static JobDirectoryLock acquire(Path jobDirectory, String jobName) {
        Path file = jobDirectory.resolve(FILE_NAME);
        FileChannel channel = null;
        boolean created = !Files.isDirectory(jobDirectory);
        try {
            Files.createDirectories(jobDirectory);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another execution in this JVM
            }
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
                channel.close();
                throw new IllegalStateException("job '" + jobName + "' is already running on checkpoint directory "
                        + jobDirectory + " (held by " + (holder.isEmpty() ? "another process" : holder)
                        + "): two processes of one job would take each other's checkpoints and transactions. Stop "
                        + "the other one first, or give this one another --job-name or --checkpoint-dir");
            }
            String holder = "process " + ProcessHandle.current().pid() + " since " + Instant.now();
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
            return new JobDirectoryLock(jobDirectory, channel, lock, created);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock checkpoint directory " + jobDirectory + " of job '"
                    + jobName + "': " + e.getMessage(), e);
        }
    }

    /** Releases the lock (idempotent). */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            // closing the channel below releases it too
        }
        closeQuietly(channel);
    }

    /**
     * Releases the lock of a job that did not start; a job directory this lock created (holding
     * nothing but the lock file) is removed again, so a refused start leaves no trace.
     */
    public void abandon() {
        close();
        if (createdDirectory) {
            try {
                Files.deleteIfExists(jobDirectory.resolve(FILE_NAME));
                Files.deleteIfExists(jobDirectory); // fails harmlessly if something else was written meanwhile
            } catch (IOException ignored) {
                // not empty: leave it
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}
