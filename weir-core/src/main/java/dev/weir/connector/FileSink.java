package dev.weir.connector;

import dev.weir.api.RuntimeContext;
import dev.weir.api.connector.Encoder;
import dev.weir.api.connector.TransactionLostException;
import dev.weir.api.connector.TwoPhaseCommitSink;
import dev.weir.api.testing.FaultInjector;
import dev.weir.api.testing.SimulatedFullDisk;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Exactly-once files: records go into hidden in-progress part files in the target directory
 * ({@code .part-<subtask>-<token>-<n>.inprogress}); at a checkpoint barrier the open parts are
 * flushed, fsynced and closed (pre-commit); when the checkpoint completes each part is renamed
 * atomically to its final name {@code part-<subtask>-<checkpoint>-<k>} (commit). Readers that skip
 * names starting with '.' see only committed data, each record exactly once.
 *
 * <p>A repeated commit finds the final file already there and the hidden one gone: a no-op.
 * A commit that finds neither fails loudly (the data is lost). Aborting deletes the hidden files;
 * on restore, hidden files of earlier runs that no checkpoint references are deleted.
 *
 * <p>The output directory is configuration, not identity: each transaction records the directory
 * it was written in, so a job restored with another directory first commits the pending
 * transactions of the checkpoint where they were written, then writes new parts to the new one.
 *
 * <p>Within one checkpoint interval a part rolls to a new file when it reaches
 * {@link #withRollingPolicy max bytes or max age}. Needs checkpointing for exactly-once; without it
 * the parts are committed at the end of the input.
 *
 * <p><b>Failures.</b> A part that cannot be created, written, fsynced or renamed fails the task with
 * a {@link FileOperationException} naming the file, the operation and, for a full disk, the space
 * left and the option to change ({@code --output}): a write cannot be skipped without losing
 * records. The job's restart strategy then decides; a restore (automatic, or
 * {@code --restore latest} once space is freed) writes the uncommitted records again, exactly once.
 */
public final class FileSink<T> extends TwoPhaseCommitSink<T, FileSink.Transaction> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FileSink.class);
    private static final Pattern IN_PROGRESS = Pattern.compile("\\.(.+)-(\\d+)-([0-9a-f]+)-(\\d+)\\.inprogress");

    /** One part file: its hidden in-progress name and, once pre-committed, its final name. */
    public record Part(String inProgress, String finalName) {
    }

    /** The parts written in one checkpoint interval, in {@code directory} (absolute). */
    public record Transaction(String directory, List<Part> parts) {
        Path resolve(String fileName) {
            return Path.of(directory).resolve(fileName);
        }
    }

    private final Path directory;
    private final Encoder<T> encoder;
    private final String prefix;
    private final long maxPartBytes;
    private final Duration maxPartAge;

    private transient int subtask;
    private transient String token;
    private transient long nextSequence;
    private transient OutputStream stream;
    private transient FileChannel channel;
    /** The part file {@link #stream} writes to. */
    private transient Path currentPart;
    /** Part files of the open transaction, still open (written, not yet fsynced). */
    private transient List<FileChannel> openParts;
    /** Pre-committed transactions whose parts still await fsync (by the snapshot writer thread). */
    private transient Map<Transaction, List<FileChannel>> awaitingFsync;
    private transient long partBytes;
    private transient long partOpenedNanos;

    private FileSink(Path directory, Encoder<T> encoder, String prefix, long maxPartBytes, Duration maxPartAge) {
        this.directory = directory;
        this.encoder = encoder;
        this.prefix = prefix;
        this.maxPartBytes = maxPartBytes;
        this.maxPartAge = maxPartAge;
    }

    /** Text lines ({@code toString()} of each record) into {@code directory}. */
    public static <T> FileSink<T> forDirectory(String directory) {
        return forDirectory(Path.of(directory));
    }

    /** Text lines ({@code toString()} of each record) into {@code directory}. */
    public static <T> FileSink<T> forDirectory(Path directory) {
        return new FileSink<>(directory, Encoder.lines(), "part", Long.MAX_VALUE, null);
    }

    public FileSink<T> withEncoder(Encoder<T> encoder) {
        return new FileSink<>(directory, Objects.requireNonNull(encoder), prefix, maxPartBytes, maxPartAge);
    }

    /** Starts a new part file within a checkpoint interval after {@code maxBytes} or {@code maxAge}. */
    public FileSink<T> withRollingPolicy(long maxBytes, Duration maxAge) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("file sink: max part size must be positive, was " + maxBytes);
        }
        return new FileSink<>(directory, encoder, prefix, maxBytes, maxAge);
    }

    public FileSink<T> withPrefix(String prefix) {
        if (!prefix.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("file sink: prefix must be letters, digits or _, was '" + prefix + "'");
        }
        return new FileSink<>(directory, encoder, prefix, maxPartBytes, maxPartAge);
    }

    @Override
    public void open(RuntimeContext context) throws Exception {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new IllegalArgumentException("file sink output path " + directory.toAbsolutePath()
                    + " is a file, not a directory");
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IllegalArgumentException(failure(FileOperationException.Operation.CREATE, directory, e)
                    .getMessage(), e);
        }
        if (!Files.isWritable(directory)) {
            throw new IllegalArgumentException("file sink output directory " + directory.toAbsolutePath()
                    + " is not writable");
        }
        subtask = context.getTaskInfo().getIndexOfThisSubtask();
        openParts = new ArrayList<>();
        awaitingFsync = new ConcurrentHashMap<>();
        token = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
        super.open(context);
    }

    @Override
    protected Transaction beginTransaction() {
        return new Transaction(directory.toAbsolutePath().toString(), new ArrayList<>());
    }

    @Override
    protected void write(Transaction transaction, T value) throws IOException {
        if (stream == null || partBytes >= maxPartBytes
                || (maxPartAge != null && System.nanoTime() - partOpenedNanos >= maxPartAge.toNanos())) {
            roll(transaction);
        }
        try {
            encoder.encode(value, stream);
        } catch (IOException e) {
            throw failure(FileOperationException.Operation.WRITE, currentPart, e);
        }
    }

    /** A failed operation on a part or the output directory, described for the user. */
    private static FileOperationException failure(FileOperationException.Operation operation, Path path,
                                                  IOException cause) {
        return FileOperationException.of(operation, path, FileOperationException.Owner.OUTPUT, cause);
    }

    private void roll(Transaction transaction) throws IOException {
        flushPart();
        String name = "." + prefix + "-" + subtask + "-" + token + "-" + nextSequence++ + ".inprogress";
        currentPart = directory.resolve(name);
        try {
            channel = FileChannel.open(currentPart, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw failure(FileOperationException.Operation.CREATE, currentPart, e);
        }
        openParts.add(channel);
        Path part = currentPart;
        OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16) {
            @Override
            public synchronized void flush() throws IOException {
                SimulatedFullDisk.check(part); // a test hook: no-op unless a test simulates a full disk
                super.flush();
            }
        };
        // Counts above the buffer: the size limit must see what was encoded, not only what the buffer passed on.
        stream = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                buffered.write(b);
                partBytes++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                buffered.write(b, off, len);
                partBytes += len;
            }

            @Override
            public void flush() throws IOException {
                buffered.flush();
            }
        };
        partBytes = 0;
        partOpenedNanos = System.nanoTime();
        transaction.parts().add(new Part(name, null));
    }

    /** Hands the buffered bytes of the part being written to the OS; the file stays open for its fsync. */
    private void flushPart() throws IOException {
        if (stream != null) {
            try {
                stream.flush();
            } catch (IOException e) {
                throw failure(FileOperationException.Operation.WRITE, currentPart, e);
            }
            stream = null;
            channel = null;
        }
    }

    /**
     * Pre-commit, synchronous part: flush the open part. The fsync of all parts of the transaction
     * is {@link #makeDurable}, run off the task thread before the checkpoint is acknowledged.
     */
    @Override
    protected Transaction preCommit(Transaction transaction, long checkpointId) throws IOException {
        flushPart();
        String interval = checkpointId > 0 ? Long.toString(checkpointId) : "final-" + token;
        List<Part> named = new ArrayList<>();
        for (Part part : transaction.parts()) {
            named.add(new Part(part.inProgress(), prefix + "-" + subtask + "-" + interval + "-" + named.size()));
        }
        Transaction preCommitted = new Transaction(transaction.directory(), List.copyOf(named));
        awaitingFsync.put(preCommitted, List.copyOf(openParts));
        openParts.clear();
        return preCommitted;
    }

    /**
     * Pre-commit, asynchronous part: fsync and close the transaction's part files, then the directory,
     * so that the hidden files' names survive an OS crash as long as the checkpoint that lists them.
     */
    @Override
    protected void makeDurable(Transaction transaction) throws IOException {
        List<FileChannel> parts = awaitingFsync.remove(transaction);
        if (parts == null) {
            return; // already durable (a repeated call, or a transaction restored from a checkpoint)
        }
        IOException firstFailure = null;
        for (int i = 0; i < parts.size(); i++) {
            try (FileChannel part = parts.get(i)) {
                part.force(true);
            } catch (IOException e) {
                if (firstFailure == null) { // close the others all the same
                    firstFailure = failure(FileOperationException.Operation.FSYNC,
                            transaction.resolve(transaction.parts().get(i).inProgress()), e);
                }
            }
        }
        if (firstFailure != null) {
            throw firstFailure;
        }
        DirectorySync.force(Path.of(transaction.directory()));
    }

    @Override
    protected void commit(Transaction transaction) throws Exception {
        int renamed = 0;
        Path where = Path.of(transaction.directory());
        if (!Files.isDirectory(where)) {
            throw new TransactionLostException("file sink transaction " + transaction.parts() + " was written in "
                    + where + ", which no longer exists, and was never committed there: its records are lost unless "
                    + "the directory is put back (then restore again)");
        }
        boolean moved = !where.equals(directory.toAbsolutePath());
        for (Part part : transaction.parts()) {
            Path hidden = where.resolve(part.inProgress());
            Path target = where.resolve(part.finalName());
            if (Files.exists(hidden)) {
                if (Files.exists(target)) {
                    throw new IllegalStateException("file sink refuses to overwrite committed file " + target
                            + " with " + hidden + ": the directory already holds output of a newer checkpoint "
                            + "with this id (was a newer checkpoint directory deleted, or two jobs write here?)");
                }
                try {
                    Files.move(hidden, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw failure(FileOperationException.Operation.RENAME, hidden, e);
                }
                if (++renamed == 1 && transaction.parts().size() > 1) {
                    faultPoint(FaultInjector.Point.MID_COMMIT, -1);
                }
            } else if (!Files.exists(target)) {
                throw new TransactionLostException("file sink transaction part " + hidden
                        + " is gone and was never committed as " + target
                        + " (was the in-progress file deleted by hand?)");
            }
        }
        if (renamed > 0) {
            DirectorySync.force(where);
        }
        if (moved && renamed > 0) {
            LOG.info("file sink committed a pending transaction ({} part files) in its earlier directory {}; "
                    + "it now writes to {}", renamed, where, directory.toAbsolutePath());
        }
    }

    @Override
    protected void abort(Transaction transaction) throws IOException {
        List<FileChannel> channels = awaitingFsync.remove(transaction);
        if (channels == null && transaction.parts().stream().anyMatch(p -> p.finalName() == null)) {
            channels = List.copyOf(openParts); // the open transaction
            openParts.clear();
            stream = null;
            channel = null;
        }
        for (FileChannel part : channels == null ? List.<FileChannel>of() : channels) {
            part.close();
        }
        for (Part part : transaction.parts()) {
            Path file = transaction.resolve(part.inProgress());
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw failure(FileOperationException.Operation.DELETE, file, e);
            }
        }
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            if (awaitingFsync != null) {
                for (List<FileChannel> parts : awaitingFsync.values()) {
                    for (FileChannel part : parts) {
                        part.close(); // the job is stopping: these are recovered from the checkpoint or cleaned up
                    }
                }
                awaitingFsync.clear();
            }
        }
    }

    @Override
    protected void abortLeftovers(Collection<Transaction> pendingInCheckpoint, int subtaskIndex, int parallelism)
            throws IOException {
        Set<String> keep = new HashSet<>();
        for (Transaction transaction : pendingInCheckpoint) {
            transaction.parts().forEach(part -> keep.add(part.inProgress()));
        }
        try (Stream<Path> files = listOutput()) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher m = IN_PROGRESS.matcher(file.getFileName().toString());
                if (m.matches() && m.group(1).equals(prefix) && !m.group(3).equals(token)
                        && Integer.parseInt(m.group(2)) % parallelism == subtaskIndex
                        && !keep.contains(file.getFileName().toString())) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (NoSuchFileException e) {
                        // gone already
                    } catch (IOException e) {
                        throw failure(FileOperationException.Operation.DELETE, file, e);
                    }
                }
            }
        }
    }

    private Stream<Path> listOutput() throws IOException {
        try {
            return Files.list(directory);
        } catch (IOException e) {
            throw failure(FileOperationException.Operation.LIST, directory, e);
        }
    }
}
