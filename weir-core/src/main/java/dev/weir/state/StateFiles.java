package dev.weir.state;

import dev.weir.api.testing.SimulatedFullDisk;
import dev.weir.connector.FileOperationException;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The envelope of every binary state file: a magic number, a format version and a kind byte in
 * front, a CRC32C of everything before it at the end. Readers verify the whole envelope before
 * parsing anything, so a truncated, corrupt or foreign file gives an error naming the file.
 */
public final class StateFiles {
    static final int MAGIC = 0x57454952; // "WEIR"
    /** 2: timers carry a time domain and a namespace (event time); version 1 files are refused, not misread. */
    static final int FORMAT_VERSION = 2;
    public static final byte KIND_KEYED = 'K';
    public static final byte KIND_OPERATOR = 'O';
    public static final byte KIND_ROCKSDB_MANIFEST = 'R';

    private StateFiles() {
    }

    /** Writes the body of a state file. */
    @FunctionalInterface
    public interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /**
     * Writes a complete state file of a checkpoint and forces it to disk; returns its size in bytes.
     * A failure is a {@link FileOperationException} naming the file, the operation (create, write,
     * fsync) and, for a full disk, the space left and the options to change.
     */
    /**
     * Why keyed state written by one backend cannot be restored by the other: a RocksDB checkpoint is in
     * RocksDB's native format (its database files); savepoints and the heap's checkpoints are in the
     * canonical format, which both backends restore.
     */
    static String backendMismatch(Path file, boolean writtenByRocksDB) {
        return "keyed state file " + file + " was written by the " + (writtenByRocksDB ? "RocksDB" : "heap")
                + " state backend and cannot be restored by the " + (writtenByRocksDB ? "heap" : "RocksDB")
                + " backend: restore it with the " + (writtenByRocksDB ? "RocksDB backend (--state rocksdb)"
                : "heap backend (--state heap)") + ", or move the state to the other backend through a savepoint "
                + "(canonical format, which both backends restore)";
    }

    public static long write(Path file, byte kind, Body body) throws IOException {
        FileOperationException.Operation operation = FileOperationException.Operation.CREATE;
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                operation = FileOperationException.Operation.WRITE;
                SimulatedFullDisk.check(file);
                CRC32C crc = new CRC32C();
                CountingCrcStream counting = new CountingCrcStream(new BufferedOutputStream(
                        java.nio.channels.Channels.newOutputStream(channel), 1 << 16), crc);
                DataOutputStream out = new DataOutputStream(counting);
                out.writeInt(MAGIC);
                out.writeByte(FORMAT_VERSION);
                out.writeByte(kind);
                body.write(out);
                out.flush();
                long crcValue = crc.getValue(); // of everything so far; the trailer itself is not covered
                long size = counting.count;
                out.writeInt((int) crcValue);
                out.flush();
                operation = FileOperationException.Operation.FSYNC;
                channel.force(true);
                return size + 4;
            }
        } catch (IOException e) {
            throw FileOperationException.of(operation, file, FileOperationException.Owner.CHECKPOINTS, e);
        }
    }

    /** Reads a state file, verifies its envelope and returns a stream positioned at the body. */
    public static DataInputStream read(Path file, byte expectedKind) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException("state file " + file + " is missing");
        } catch (IOException e) {
            throw FileOperationException.of(FileOperationException.Operation.READ, file,
                    FileOperationException.Owner.CHECKPOINTS, e);
        }
        if (bytes.length < 10) {
            throw new IOException("state file " + file + " is truncated (" + bytes.length + " bytes)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (buffer.getInt(0) != MAGIC) {
            throw new IOException("file " + file + " is not a Weir state file (wrong magic number)");
        }
        if (bytes[4] != FORMAT_VERSION) {
            throw new IOException("state file " + file + " has format version " + bytes[4] + "; this Weir reads "
                    + FORMAT_VERSION + " only: the checkpoint was written by "
                    + (bytes[4] < FORMAT_VERSION ? "an older" : "a newer") + " Weir; restore it with that version, "
                    + "or start the job fresh");
        }
        if (expectedKind != 0 && bytes[5] != expectedKind) {
            if (bytes[5] == KIND_ROCKSDB_MANIFEST && expectedKind == KIND_KEYED
                    || bytes[5] == KIND_KEYED && expectedKind == KIND_ROCKSDB_MANIFEST) {
                throw new IOException(backendMismatch(file, bytes[5] == KIND_ROCKSDB_MANIFEST));
            }
            throw new IOException("state file " + file + " holds kind '" + (char) bytes[5] + "', expected '"
                    + (char) expectedKind + "'");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != buffer.getInt(bytes.length - 4)) {
            throw new IOException("state file " + file + " is corrupt or truncated (checksum mismatch)");
        }
        return new DataInputStream(new ByteArrayInputStream(bytes, 6, bytes.length - 10));
    }

    /** Wraps a parse failure of a file whose checksum was fine (a bug or a format mismatch). */
    public static IOException unreadable(Path file, Exception cause) {
        String reason = cause instanceof EOFException ? "ends early" : cause.getMessage();
        return new IOException("state file " + file + " cannot be read: " + reason, cause);
    }

    private static final class CountingCrcStream extends OutputStream {
        private final OutputStream out;
        private final CRC32C crc;
        long count;

        CountingCrcStream(OutputStream out, CRC32C crc) {
            this.out = out;
            this.crc = crc;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            crc.update(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            crc.update(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
