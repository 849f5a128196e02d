package dev.weir.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * CRC32C of whole files, computed in the same pass that reads them: while a file is copied (an
 * upload to {@code shared/}, a copy-in at restore) or, where nothing else reads it, on its own.
 * Stateless; any thread. The buffer is direct so the checksum runs on the copy's own bytes
 * (CRC32C uses the CPU's instruction where there is one: several GB/s, well above disk speed).
 */
public final class FileChecksums {
    private static final int BUFFER_BYTES = 256 * 1024;

    private FileChecksums() {
    }

    /** The CRC32C of a file's content (one sequential read). */
    public static long crc32c(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (in.read(buffer) >= 0) {
                buffer.flip();
                crc.update(buffer);
                buffer.clear();
            }
        }
        return crc.getValue();
    }

    /**
     * Copies {@code from} to a new file {@code to} (which must not exist), computing the CRC32C of
     * the bytes copied, and forces {@code to} to disk when {@code durable}. Returns the CRC32C.
     */
    public static long copy(Path from, Path to, boolean durable) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (in.read(buffer) >= 0) {
                buffer.flip();
                crc.update(buffer.duplicate());
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                buffer.clear();
            }
            if (durable) {
                out.force(true);
            }
        }
        return crc.getValue();
    }

    /** A CRC32C as it is written in checkpoint metadata and messages (8 hex digits). */
    public static String format(long crc32c) {
        return String.format("%08x", crc32c);
    }
}
