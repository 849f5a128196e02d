package dev.weir.connector.file;

import dev.weir.api.RuntimeContext;
import dev.weir.api.connector.TransactionLostException;
import dev.weir.api.connector.TwoPhaseCommitSink;
import dev.weir.api.serialization.Encoder;
import dev.weir.api.testing.FaultInjector;
import dev.weir.connector.DirectorySync;
import dev.weir.connector.FileOperationException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exactly-once files, built as in Flink: {@code FileSink.forRowFormat(new Path(dir), new
 * SimpleStringEncoder<>()).build()}. Records go into hidden in-progress part files, one per bucket
 * ({@link BucketAssigner}: by default, and with {@link BasePathBucketAssigner}, the base path itself;
 * with {@link DateTimeBucketAssigner} one sub-directory per hour), named
 * {@code .<prefix>-<subtask>-<token>-<n>.inprogress}; at a checkpoint barrier the open parts are
 * flushed, fsynced and closed (pre-commit); when the checkpoint completes each part is renamed
 * atomically to its final name {@code <prefix>-<subtask>-<checkpoint>-<k><suffix>} (commit; prefix
 * and suffix from {@link OutputFileConfig}, default {@code part} and none). Readers that skip names
 * starting with '.' see only committed data, each record exactly once.
 *
 * <p>Final names are deterministic (subtask and checkpoint id, not Flink's random UUID): a restored
 * job must find the files a pre-committed transaction promised, and an id is never reused because
 * checkpoint ids only grow.
 *
 * <p>A repeated commit finds the final file already there and the hidden one gone: a no-op.
 * A commit that finds neither fails loudly (the data is lost). Aborting deletes the hidden files;
 * on restore, hidden files of earlier runs that no checkpoint references are deleted.
 *
 * <p>The output directory is configuration, not identity: each transaction records the directory
 * it was written in, so a job restored with another directory first commits the pending
 * transactions of the checkpoint where they were written, then writes new parts to the new one.
 *
 * <p>Parts always roll at checkpoints; a {@link CheckpointRollingPolicy} may in addition roll a part
 * between checkpoints (by size, age). Needs checkpointing for exactly-once; without it the parts
 * are committed at the end of the input.
 *
 * <p><b>Failures.</b> A part that cannot be created, written, fsynced or renamed fails the task with
 * a {@link FileOperationException} naming the file, the operation and, for a full disk, the space
 * left and the option to change ({@code --output}): a write cannot be skipped without losing
 * records. The job's restart strategy then decides; a restore (automatic, or
 * {@code --restore latest} once space is freed) writes the uncommitted records again, exactly once.
 *
 * @param <IN> the record type
 */
public final class FileSink<IN> extends TwoPhaseCommitSink<IN, FileSink.Transaction> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FileSink.class);
    private static final Pattern IN_PROGRESS = Pattern.compile("\\.(.+)-(\\d+)-([0-9a-f]+)-(\\d+)\\.inprogress");

    /**
     * One part file: its hidden in-progress name and, once pre-committed, its final name, both
     * relative to the transaction's directory ({@code <bucket>/<name>} for a part in a bucket).
     */
    public record Part(String inProgress, String finalName) {
    }

    /** The parts written in one checkpoint interval, under {@code directory} (absolute). */
    public record Transaction(String directory, List<Part> parts) {
        Path resolve(String fileName) {
            return Path.of(directory).resolve(fileName);
        }
    }

    /**
     * What makes a pre-committed transaction durable: fsync of its part files, and of the directories
     * where earlier transactions were committed (renamed) and not yet forced, each with the number of
     * its latest rename then.
     */
    private record Durability(List<FileChannel> parts, Map<Path, Long> renamedDirectories) {
    }

    /** A transaction as a map key by identity: two transactions without parts are equal records. */
    private record Same(Transaction transaction) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Same same && same.transaction == transaction;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(transaction);
        }
    }

    private final Path directory;
    private final Encoder<IN> encoder;
    private final String prefix;
    private final String suffix;
    private final RollingPolicy<IN, String> rollingPolicy;
    private final boolean rollsOnlyOnCheckpoint;
    private final BucketAssigner<IN, String> bucketAssigner;
    private final boolean basePathOnly;

    private transient int subtask;
    private transient String token;
    private transient long nextSequence;
    /** The part being written, per bucket id. */
    private transient Map<String, OpenPart> openByBucket;
    /** The bucket written last and its part: consecutive records mostly share one. */
    private transient String lastBucket;
    private transient OpenPart lastPart;
    /** Part files of the open transaction, still open (written, not yet fsynced). */
    private transient List<FileChannel> openParts;
    /**
     * Pre-committed transactions (by identity: two empty ones are equal records) whose parts still
     * await fsync by the snapshot writer thread, with the directories to force with them.
     */
    private transient Map<Same, Durability> awaitingFsync;
    /**
     * Directories where committed parts were renamed and that no fsync has covered since, each with the
     * number of its latest rename: written by the task thread, cleared by whoever forced it, unless a
     * later rename came meanwhile.
     */
    private transient ConcurrentHashMap<Path, Long> renamedNotDurable;
    private transient long renames;
    private transient BucketAssigner.Context bucketContext;

    private FileSink(RowFormatBuilder<IN, ?> builder) {
        this.directory = builder.basePath.toLocalPath();
        this.encoder = builder.encoder;
        this.prefix = builder.outputFileConfig.getPartPrefix();
        this.suffix = builder.outputFileConfig.getPartSuffix();
        this.rollingPolicy = builder.rollingPolicy;
        this.rollsOnlyOnCheckpoint = rollingPolicy instanceof OnCheckpointRollingPolicy;
        this.bucketAssigner = builder.bucketAssigner;
        this.basePathOnly = bucketAssigner instanceof BasePathBucketAssigner;
    }

    /**
     * A sink that writes each record with {@code encoder} into part files under {@code basePath}
     * (a local directory, created if missing).
     */
    public static <IN> DefaultRowFormatBuilder<IN> forRowFormat(dev.weir.api.fs.Path basePath, Encoder<IN> encoder) {
        return new DefaultRowFormatBuilder<>(basePath, encoder);
    }

    /**
     * Configures a row-format {@link FileSink}: bucket assigner (default {@link DateTimeBucketAssigner},
     * as in Flink), rolling policy (default {@link OnCheckpointRollingPolicy}), part names
     * ({@link OutputFileConfig}). Each {@code with..} call replaces the earlier value; {@link #build()}
     * checks the whole configuration. Not thread-safe.
     *
     * @param <IN> the record type
     * @param <T>  the builder's own type, returned by its methods
     */
    public static class RowFormatBuilder<IN, T extends RowFormatBuilder<IN, T>> {
        private final dev.weir.api.fs.Path basePath;
        private final Encoder<IN> encoder;
        private BucketAssigner<IN, String> bucketAssigner = new DateTimeBucketAssigner<>();
        private RollingPolicy<IN, String> rollingPolicy = OnCheckpointRollingPolicy.build();
        private OutputFileConfig outputFileConfig = OutputFileConfig.builder().build();

        protected RowFormatBuilder(dev.weir.api.fs.Path basePath, Encoder<IN> encoder) {
            this.basePath = Objects.requireNonNull(basePath, "basePath");
            this.encoder = Objects.requireNonNull(encoder, "encoder");
        }

        @SuppressWarnings("unchecked")
        private T self() {
            return (T) this;
        }

        /**
         * Flink checks processing-time rolling on a timer with this interval; Weir asks the rolling
         * policy before each record instead, so the value is checked and otherwise not used.
         */
        public T withBucketCheckInterval(long interval) {
            if (interval < 1) {
                throw new IllegalArgumentException("file sink " + basePath + ": bucket check interval must be "
                        + "positive ms, was " + interval);
            }
            return self();
        }

        public T withBucketAssigner(BucketAssigner<IN, String> assigner) {
            this.bucketAssigner = Objects.requireNonNull(assigner, "assigner");
            return self();
        }

        /**
         * The rolling policy: a {@link CheckpointRollingPolicy}, since Weir's sink commits whole part
         * files at checkpoints; any other policy is refused here.
         */
        public T withRollingPolicy(RollingPolicy<IN, String> policy) {
            Objects.requireNonNull(policy, "policy");
            if (!(policy instanceof CheckpointRollingPolicy)) {
                throw new IllegalArgumentException("file sink " + basePath + ": rolling policy " + policy.getClass()
                        .getName() + " is not supported: Weir's file sink commits whole part files when a "
                        + "checkpoint completes, so it always rolls on checkpoints. Use OnCheckpointRollingPolicy.build(), "
                        + "or a subclass of CheckpointRollingPolicy to roll also by size or age");
            }
            this.rollingPolicy = policy;
            return self();
        }

        public T withOutputFileConfig(OutputFileConfig config) {
            this.outputFileConfig = Objects.requireNonNull(config, "config");
            return self();
        }

        /** The sink; fails naming the option if the part prefix or suffix cannot name a file. */
        public FileSink<IN> build() {
            checkName("part prefix", outputFileConfig.getPartPrefix(), false);
            checkName("part suffix", outputFileConfig.getPartSuffix(), true);
            return new FileSink<>(this);
        }

        private void checkName(String what, String value, boolean mayBeEmpty) {
            if ((!mayBeEmpty && value.isEmpty()) || value.contains("/") || value.contains("\\")
                    || value.indexOf('\0') >= 0 || (!mayBeEmpty && value.startsWith("."))) {
                throw new IllegalArgumentException("file sink " + basePath + ": OutputFileConfig " + what + " '"
                        + value + "' cannot be part of a file name (" + (mayBeEmpty ? "" : "it must not be empty "
                        + "or start with '.', and ") + "it must not contain '/' or '\\')");
            }
        }
    }

    /** The row-format builder {@link #forRowFormat} returns. */
    public static final class DefaultRowFormatBuilder<IN> extends RowFormatBuilder<IN, DefaultRowFormatBuilder<IN>> {
        DefaultRowFormatBuilder(dev.weir.api.fs.Path basePath, Encoder<IN> encoder) {
            super(basePath, encoder);
        }
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
        openByBucket = new HashMap<>();
        lastBucket = null;
        lastPart = null;
        openParts = new ArrayList<>();
        awaitingFsync = new ConcurrentHashMap<>();
        renamedNotDurable = new ConcurrentHashMap<>();
        bucketContext = new OpenPart.ProcessingTimeContext();
        token = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
        super.open(context);
        forceRenamedDirectories(); // the restored transactions committed just now
    }

    @Override
    protected Transaction beginTransaction() {
        return new Transaction(directory.toAbsolutePath().toString(), new ArrayList<>());
    }

    @Override
    protected void write(Transaction transaction, IN value) throws IOException {
        String bucket = basePathOnly ? "" : bucketOf(value);
        OpenPart part = basePathOnly || bucket.equals(lastBucket) ? lastPart : openByBucket.get(bucket);
        if (part == null) {
            part = roll(transaction, bucket);
        } else if (!rollsOnlyOnCheckpoint) {
            long now = System.currentTimeMillis();
            if (rollingPolicy.shouldRollOnEvent(part, value) || rollingPolicy.shouldRollOnProcessingTime(part, now)) {
                part = roll(transaction, bucket);
            }
            part.lastUpdateTime = now;
        }
        lastBucket = bucket;
        lastPart = part;
        try {
            encoder.encode(value, part.stream);
        } catch (IOException e) {
            throw failure(FileOperationException.Operation.WRITE, part.file, e);
        }
    }

    private String bucketOf(IN value) {
        String bucket = bucketAssigner.getBucketId(value, bucketContext);
        if (bucket == null) {
            throw new IllegalStateException("file sink " + directory + ": bucket assigner " + bucketAssigner
                    + " gave no bucket (null) for record " + value);
        }
        return bucket;
    }

    /** A failed operation on a part or the output directory, described for the user. */
    private static FileOperationException failure(FileOperationException.Operation operation, Path path,
                                                  IOException cause) {
        return FileOperationException.of(operation, path, FileOperationException.Owner.OUTPUT, cause);
    }

    /** Closes the bucket's current part (if any) and starts the next one. */
    private OpenPart roll(Transaction transaction, String bucket) throws IOException {
        OpenPart previous = openByBucket.remove(bucket);
        if (previous != null) {
            flushPart(previous);
        }
        Path bucketDirectory = bucketDirectory(bucket);
        String name = "." + prefix + "-" + subtask + "-" + token + "-" + nextSequence++ + ".inprogress";
        Path file = bucketDirectory.resolve(name);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw failure(FileOperationException.Operation.CREATE, file, e);
        }
        openParts.add(channel);
        OpenPart part = new OpenPart(bucket, file, channel, rollsOnlyOnCheckpoint ? 0 : System.currentTimeMillis());
        openByBucket.put(bucket, part);
        transaction.parts().add(new Part(bucket.isEmpty() ? name : bucket + "/" + name, null));
        return part;
    }

    /** The directory of {@code bucket}, created if missing; a bucket id must stay inside the base path. */
    private Path bucketDirectory(String bucket) throws IOException {
        if (bucket.isEmpty()) {
            return directory;
        }
        Path resolved = directory.resolve(bucket).normalize();
        if (!resolved.startsWith(directory.normalize()) || resolved.equals(directory.normalize())
                || Path.of(bucket).isAbsolute()) {
            throw new IllegalStateException("file sink " + directory + ": bucket id '" + bucket + "' of bucket "
                    + "assigner " + bucketAssigner + " does not name a sub-directory of the output directory");
        }
        try {
            Files.createDirectories(resolved);
        } catch (IOException e) {
            throw failure(FileOperationException.Operation.CREATE, resolved, e);
        }
        return resolved;
    }

    /** Hands the buffered bytes of a part to the OS; the file stays open for its fsync. */
    private static void flushPart(OpenPart part) throws IOException {
        try {
            part.stream.flush();
        } catch (IOException e) {
            throw failure(FileOperationException.Operation.WRITE, part.file, e);
        }
    }

    /** Flushes the parts being written and forgets them: the next record starts new ones. */
    private void flushOpenParts() throws IOException {
        for (OpenPart part : openByBucket.values()) {
            flushPart(part);
        }
        openByBucket.clear();
        lastBucket = null;
        lastPart = null;
    }

    /**
     * Pre-commit, synchronous part: flush the open parts. The fsync of all parts of the transaction
     * is {@link #makeDurable}, run off the task thread before the checkpoint is acknowledged.
     */
    @Override
    protected Transaction preCommit(Transaction transaction, long checkpointId) throws IOException {
        flushOpenParts();
        String interval = checkpointId > 0 ? Long.toString(checkpointId) : "final-" + token;
        List<Part> named = new ArrayList<>();
        for (Part part : transaction.parts()) {
            String inProgress = part.inProgress();
            int slash = inProgress.lastIndexOf('/');
            String finalName = inProgress.substring(0, slash + 1) + prefix + "-" + subtask + "-" + interval + "-"
                    + named.size() + suffix;
            named.add(new Part(inProgress, finalName));
        }
        Transaction preCommitted = new Transaction(transaction.directory(), List.copyOf(named));
        awaitingFsync.put(new Same(preCommitted), new Durability(List.copyOf(openParts), Map.copyOf(renamedNotDurable)));
        openParts.clear();
        return preCommitted;
    }

    /**
     * Pre-commit, asynchronous part: fsync and close the transaction's part files, then their
     * directories up to the base path, so that the hidden files' names (and new bucket directories)
     * survive an OS crash as long as the checkpoint that lists them; and the directories where earlier
     * transactions were renamed into place since the previous pre-commit (see {@link #commit}).
     */
    @Override
    protected void makeDurable(Transaction transaction) throws IOException {
        Durability durability = awaitingFsync.remove(new Same(transaction));
        if (durability == null) {
            return; // already durable (a repeated call, or a transaction restored from a checkpoint)
        }
        List<FileChannel> parts = durability.parts();
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
        Set<Path> directories = directoriesOf(transaction, true);
        directories.addAll(durability.renamedDirectories().keySet());
        directories.forEach(DirectorySync::force);
        durability.renamedDirectories().forEach(renamedNotDurable::remove); // kept if renamed into again since
    }

    /**
     * The directories holding the transaction's parts, deepest first; with {@code withAncestors}
     * also those between them and the transaction's base directory.
     */
    private static Set<Path> directoriesOf(Transaction transaction, boolean withAncestors) {
        Path base = Path.of(transaction.directory());
        Set<Path> directories = new LinkedHashSet<>();
        for (Part part : transaction.parts()) {
            Path dir = base.resolve(part.inProgress()).getParent();
            directories.add(dir);
            while (withAncestors && !dir.equals(base) && dir.startsWith(base)) {
                dir = dir.getParent();
                directories.add(dir);
            }
        }
        return directories;
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
            // The renames are visible now; their directories are forced with the next pre-commit, off the
            // task thread, before the next checkpoint is acknowledged. That suffices: until a checkpoint
            // whose pending list no longer holds this transaction is complete, a restore commits it again
            // (after an OS crash that undid a rename, the same file reappears under the same name), and
            // such a checkpoint's barrier comes after this commit, so its pre-commit takes these directories.
            // A checkpoint that never completes leaves them to the next one.
            for (Path renamedIn : directoriesOf(transaction, false)) {
                renamedNotDurable.put(renamedIn, ++renames);
            }
        }
        if (moved && renamed > 0) {
            LOG.info("file sink committed a pending transaction ({} part files) in its earlier directory {}; "
                    + "it now writes to {}", renamed, where, directory.toAbsolutePath());
        }
    }

    @Override
    protected void abort(Transaction transaction) throws IOException {
        Durability durability = awaitingFsync.remove(new Same(transaction));
        List<FileChannel> channels = durability == null ? null : durability.parts();
        if (channels == null && transaction.parts().stream().anyMatch(p -> p.finalName() == null)) {
            channels = List.copyOf(openParts); // the open transaction
            openParts.clear();
            openByBucket.clear();
            lastBucket = null;
            lastPart = null;
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

    /** Without checkpointing the last transaction was committed just now: its renames are made durable here. */
    @Override
    public void finish() throws Exception {
        super.finish();
        forceRenamedDirectories();
    }

    /** Forces the directories of renames not yet made durable (after a restore's commits, at the end). */
    private void forceRenamedDirectories() {
        Map<Path, Long> renamed = Map.copyOf(renamedNotDurable);
        renamed.keySet().forEach(DirectorySync::force);
        renamed.forEach(renamedNotDurable::remove);
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            if (renamedNotDurable != null) {
                forceRenamedDirectories(); // the final checkpoint's commit: not left to a checkpoint that never comes
            }
            if (awaitingFsync != null) {
                for (Durability durability : awaitingFsync.values()) {
                    for (FileChannel part : durability.parts()) {
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
            transaction.parts().forEach(part -> keep.add(Path.of(part.inProgress()).getFileName().toString()));
        }
        for (Path file : listOutput(directory, new ArrayList<>())) {
            Matcher m = IN_PROGRESS.matcher(file.getFileName().toString());
            if (m.matches() && m.group(1).equals(prefix) && !m.group(3).equals(token)
                    && Integer.parseInt(m.group(2)) % parallelism == subtaskIndex
                    && !keep.contains(file.getFileName().toString())) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw failure(FileOperationException.Operation.DELETE, file, e);
                }
            }
        }
    }

    /**
     * Every file under {@code dir}, bucket directories included. Other subtasks delete their
     * leftovers meanwhile: a directory stream tolerates that, where {@code Files.walk} would fail.
     */
    private static List<Path> listOutput(Path dir, List<Path> files) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    listOutput(entry, files);
                } else {
                    files.add(entry);
                }
            }
        } catch (NoSuchFileException e) {
            // a bucket directory removed meanwhile: nothing of ours in it
        } catch (IOException e) {
            throw failure(FileOperationException.Operation.LIST, dir, e);
        }
        return files;
    }
}
