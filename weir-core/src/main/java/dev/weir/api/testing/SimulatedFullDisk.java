package dev.weir.api.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * A test hook: makes the files Weir writes under a directory fail as on a full disk, with the
 * JDK's own message for {@code ENOSPC} ({@code No space left on device}, no path). For tests on
 * machines where a small file system cannot be mounted; never needed in production. The writers of
 * checkpoint state, checkpoint metadata and file sink parts call {@link #check} before they write.
 *
 * <pre>
 * try (SimulatedFullDisk.Fault full = SimulatedFullDisk.under(checkpointDirectory)) {
 *     ... // every write below checkpointDirectory fails
 * }       // freed
 * </pre>
 */
public final class SimulatedFullDisk {
    private static final Set<Path> FULL = new CopyOnWriteArraySet<>();

    private SimulatedFullDisk() {
    }

    /** An active fault; {@link #close()} frees the disk. */
    public interface Fault extends AutoCloseable {
        @Override
        void close();
    }

    /** From now on, writes of files under {@code directory} fail until the returned fault is closed. */
    public static Fault under(Path directory) {
        Path full = directory.toAbsolutePath().normalize();
        FULL.add(full);
        return () -> FULL.remove(full);
    }

    /** Throws {@code IOException("No space left on device")} if {@code file} lies under a full directory. */
    public static void check(Path file) throws IOException {
        if (isFull(file)) {
            throw new IOException("No space left on device");
        }
    }

    /** Whether {@code path} lies under a directory made full by {@link #under}. */
    public static boolean isFull(Path path) {
        if (FULL.isEmpty()) {
            return false;
        }
        Path absolute = path.toAbsolutePath().normalize();
        for (Path full : FULL) {
            if (absolute.startsWith(full)) {
                return true;
            }
        }
        return false;
    }
}
