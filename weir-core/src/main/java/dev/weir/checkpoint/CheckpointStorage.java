package dev.weir.checkpoint;

import dev.weir.api.testing.SimulatedFullDisk;
import dev.weir.connector.DirectorySync;
import dev.weir.connector.FileOperationException;
import dev.weir.state.StateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoint directory of one job: {@code <base>/<job>/chk-<n>/} per checkpoint, state files
 * inside it, and {@code _metadata} written last and atomically (temp file, fsync, rename, fsync of
 * the directory). A {@code chk-<n>} without {@code _metadata} is an incomplete checkpoint.
 *
 * <p>Besides the checkpoints the job directory holds {@code _job}, the trace a job leaves when it
 * starts (so that a process killed before its first checkpoint is recognised on the next start),
 * and {@code _lock}, locked by the process running the job (see {@link JobDirectoryLock}).
 */
public final class CheckpointStorage {
    private static final Pattern CHECKPOINT_DIR = Pattern.compile("chk-(\\d+)");
    /** Checkpoint ids are reserved in blocks of this many (one durable write per block). */
    static final long RESERVED_ID_BLOCK = 1000;

    private final Path jobDirectory;
    private final String jobName;
    /** Savepoints being taken: id → their own directory (their files go there, not into {@code chk-<n>}). */
    private final java.util.Map<Long, Path> savepoints = new java.util.concurrent.ConcurrentHashMap<>();
    /** The job's trace as last read or written; null until the job's first start here. */
    private JobTrace trace;
    private boolean traceRead;

    public CheckpointStorage(Path baseDirectory, String jobName) {
        this.jobDirectory = baseDirectory.resolve(jobName);
        this.jobName = jobName;
    }

    public Path jobDirectory() {
        return jobDirectory;
    }

    public Path checkpointDirectory(long checkpointId) {
        return jobDirectory.resolve("chk-" + checkpointId);
    }

    /** The path, relative to the job directory, where an operator subtask writes a state file. */
    public static String stateFile(long checkpointId, String uid, int subtask, String suffix) {
        return "chk-" + checkpointId + "/" + safeName(uid) + "/" + subtask + "." + suffix;
    }

    /** A uid as a file name. */
    public static String safeName(String uid) {
        return uid.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    public Path resolve(String relativePath) {
        return jobDirectory.resolve(relativePath);
    }

    /**
     * Starts savepoint {@code checkpointId} in {@code directory} (which must not exist yet): its id is
     * reserved like a checkpoint's, its state files go into that directory with paths relative to it
     * (see {@link #root}), and nothing of it is in the job directory: retention, subsumption and
     * {@code --restore latest} never see it.
     */
    public void initializeSavepoint(long checkpointId, Path directory) throws IOException {
        synchronized (this) {
            JobTrace current = trace();
            if (current != null && checkpointId > current.reservedCheckpointIds()) {
                update(current.withReserved(checkpointId + RESERVED_ID_BLOCK - 1));
            }
        }
        if (Files.exists(directory)) {
            throw new IOException("savepoint directory " + directory + " exists already: choose another savepoint "
                    + "directory or move the old savepoint away");
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw FileOperationException.of(FileOperationException.Operation.CREATE, directory,
                    FileOperationException.Owner.CHECKPOINTS, e);
        }
        savepoints.put(checkpointId, directory);
    }

    /** Whether {@code checkpointId} is a savepoint being taken (between initialize and complete or discard). */
    public boolean isSavepoint(long checkpointId) {
        return savepoints.containsKey(checkpointId);
    }

    /** The savepoint's own directory, or null when {@code checkpointId} is no savepoint being taken. */
    public Path savepointDirectory(long checkpointId) {
        return savepoints.get(checkpointId);
    }

    /** Forgets a completed savepoint: its directory is the user's from now on (never deleted by the job). */
    public void savepointCompleted(long checkpointId) {
        savepoints.remove(checkpointId);
    }

    /**
     * The directory the relative paths of {@code checkpointId}'s state resolve against: the job
     * directory for a checkpoint, the savepoint's own directory for a savepoint.
     */
    public Path root(long checkpointId) {
        return savepoints.getOrDefault(checkpointId, jobDirectory);
    }

    /**
     * Where an operator subtask writes a state file of {@code checkpointId}, relative to
     * {@link #root}: {@code chk-<n>/<uid>/<subtask>.<suffix>}, or {@code <uid>/<subtask>.<suffix>} in a
     * savepoint.
     */
    public String stateFileOf(long checkpointId, String uid, int subtask, String suffix) {
        return isSavepoint(checkpointId) ? safeName(uid) + "/" + subtask + "." + suffix
                : stateFile(checkpointId, uid, subtask, suffix);
    }

    /**
     * Creates the directory of a new checkpoint; fails if it cannot (unwritable, full disk). The id
     * is reserved durably first (see {@link JobTrace}), so it is never used again.
     */
    public void initializeCheckpoint(long checkpointId) throws IOException {
        synchronized (this) {
            JobTrace current = trace();
            if (current != null && checkpointId > current.reservedCheckpointIds()) {
                update(current.withReserved(checkpointId + RESERVED_ID_BLOCK - 1));
            }
        }
        try {
            Files.createDirectories(checkpointDirectory(checkpointId));
        } catch (IOException e) {
            throw FileOperationException.of(FileOperationException.Operation.CREATE, checkpointDirectory(checkpointId),
                    FileOperationException.Owner.CHECKPOINTS, e);
        }
    }

    /**
     * Makes the checkpoint complete and records that in the job's trace: {@link #complete} then
     * {@link #recordCompleted}, one after the other on the calling thread.
     */
    public void commit(CheckpointMetadata metadata) throws IOException {
        complete(metadata, Runnable::run);
        recordCompleted(metadata.checkpointId());
    }

    /**
     * Makes the checkpoint complete: makes the directory entries that lead to its files durable
     * ({@code chk-<n>} with its operator folders, {@code shared/}, and {@code chk-<n>} itself in the
     * job directory; each task made the folders it wrote files into durable before it acknowledged)
     * while the metadata is written and forced to a temporary file, then renames that into place and
     * makes the rename durable. Without the entries an OS crash could keep the metadata but lose a
     * folder it points into. The directory fsyncs run on {@code io} (one task each), so that they and
     * the metadata's fsync share the file system's journal commits rather than wait one after the
     * other; this returns once all are done.
     */
    public void complete(CheckpointMetadata metadata, java.util.concurrent.Executor io) throws IOException {
        Path savepoint = savepoints.get(metadata.checkpointId());
        if (savepoint != null != metadata.savepoint()) {
            throw new IllegalStateException("checkpoint " + metadata.checkpointId() + " is "
                    + (savepoint != null ? "" : "not ") + "a savepoint, its metadata says otherwise");
        }
        Path dir = savepoint != null ? savepoint : checkpointDirectory(metadata.checkpointId());
        Path shared = dir == savepoint ? savepoint.resolve("shared") : sharedDirectory();
        Path parent = savepoint != null ? savepoint.toAbsolutePath().getParent() : jobDirectory;
        List<java.util.concurrent.CompletableFuture<Void>> entries = new ArrayList<>();
        if (Files.isDirectory(shared)) {
            entries.add(java.util.concurrent.CompletableFuture.runAsync(() -> DirectorySync.force(shared), io));
        }
        entries.add(java.util.concurrent.CompletableFuture.runAsync(() -> DirectorySync.force(dir), io));
        entries.add(java.util.concurrent.CompletableFuture.runAsync(() -> DirectorySync.force(parent), io));
        Path temp = dir.resolve(CheckpointMetadata.FILE_NAME + ".tmp");
        try {
            writeDurably(temp, metadata.toText());
        } finally {
            entries.forEach(java.util.concurrent.CompletableFuture::join); // DirectorySync.force does not throw
        }
        Path target = dir.resolve(CheckpointMetadata.FILE_NAME);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the checkpoint directory " + dir + " does not support atomic renames", e);
        } catch (IOException e) {
            throw FileOperationException.of(FileOperationException.Operation.RENAME, target,
                    FileOperationException.Owner.CHECKPOINTS, e);
        }
        DirectorySync.force(dir);
    }

    /**
     * Records in the job's trace that checkpoint {@code checkpointId} completed (after {@link #complete};
     * the checkpoint does not depend on it: until the trace says so, a restore finds it as the newest
     * completed checkpoint on disk all the same). Thread-safe.
     */
    public synchronized void recordCompleted(long checkpointId) throws IOException {
        JobTrace current = trace();
        update((current != null ? current : JobTrace.first(jobName)).withCompleted(checkpointId));
    }

    /**
     * Writes a small text file of the job directory (metadata, the job's trace) and forces it to
     * disk; a failure names the file, the operation and what to do.
     */
    static void writeDurably(Path file, String text) throws IOException {
        FileOperationException.Operation operation = FileOperationException.Operation.CREATE;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            operation = FileOperationException.Operation.WRITE;
            SimulatedFullDisk.check(file);
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            operation = FileOperationException.Operation.FSYNC;
            channel.force(true);
        } catch (IOException e) {
            throw FileOperationException.of(operation, file, FileOperationException.Owner.CHECKPOINTS, e);
        }
    }

    /** Deletes a checkpoint directory (aborted, or subsumed beyond retention). */
    public void discard(long checkpointId) {
        // The metadata goes first: a crash halfway leaves an incomplete checkpoint (cleaned up at the
        // next start), never a "completed" one with files missing.
        Path savepoint = savepoints.remove(checkpointId);
        Path directory = savepoint != null ? savepoint : checkpointDirectory(checkpointId);
        try {
            Files.deleteIfExists(directory.resolve(CheckpointMetadata.FILE_NAME));
            dev.weir.state.LocalFiles.deleteRecursively(directory);
        } catch (IOException e) {
            throw FileOperationException.of(FileOperationException.Operation.DELETE, directory,
                    FileOperationException.Owner.CHECKPOINTS, e).unchecked();
        } catch (UncheckedIOException e) {
            throw FileOperationException.of(FileOperationException.Operation.DELETE, directory,
                    FileOperationException.Owner.CHECKPOINTS, e.getCause()).unchecked();
        }
    }

    /** Ids of every {@code chk-<n>} directory, complete or not, ascending. */
    public List<Long> checkpointIds() {
        if (!Files.isDirectory(jobDirectory)) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        try (Stream<Path> entries = Files.list(jobDirectory)) {
            entries.forEach(p -> {
                Matcher m = CHECKPOINT_DIR.matcher(p.getFileName().toString());
                if (m.matches() && Files.isDirectory(p)) {
                    ids.add(Long.parseLong(m.group(1)));
                }
            });
        } catch (IOException e) {
            throw FileOperationException.of(FileOperationException.Operation.LIST,
                    jobDirectory, FileOperationException.Owner.CHECKPOINTS, e).unchecked();
        }
        ids.sort(Comparator.naturalOrder());
        return ids;
    }

    /** Ids of the checkpoints that have a metadata file, ascending. */
    public List<Long> completedCheckpointIds() {
        return checkpointIds().stream()
                .filter(id -> Files.exists(checkpointDirectory(id).resolve(CheckpointMetadata.FILE_NAME)))
                .toList();
    }

    /** Deletes {@code chk-<n>} directories without metadata (left by a crash or an abort). */
    public void discardIncomplete() {
        for (long id : checkpointIds()) {
            if (!Files.exists(checkpointDirectory(id).resolve(CheckpointMetadata.FILE_NAME))) {
                discard(id);
            }
        }
    }

    /**
     * Reads a completed checkpoint and checks every file it references (present, recorded size,
     * valid checksum). Throws an {@link IOException} naming the first bad file.
     */
    public CompletedCheckpoint loadVerified(long checkpointId) throws IOException {
        return loadVerified(checkpointDirectory(checkpointId));
    }

    /** As {@link #loadVerified(long)}, for a checkpoint directory given by path. */
    public static CompletedCheckpoint loadVerified(Path checkpointDirectory) throws IOException {
        Path metadataFile = checkpointDirectory.resolve(CheckpointMetadata.FILE_NAME);
        CheckpointMetadata metadata = CheckpointMetadata.read(metadataFile);
        // A savepoint's paths are relative to its own directory (wherever it was moved), a checkpoint's to the job's.
        Path jobDirectory = metadata.savepoint() ? checkpointDirectory.toAbsolutePath()
                : checkpointDirectory.toAbsolutePath().getParent();
        java.util.Set<String> sharedVerified = new java.util.HashSet<>();
        for (OperatorStateHandles op : metadata.operators()) {
            for (SubtaskStateHandle s : op.subtasks()) {
                verify(jobDirectory, s.keyedFile(), s.keyedBytes(), (byte) 0, metadata);
                verify(jobDirectory, s.operatorFile(), s.operatorBytes(), StateFiles.KIND_OPERATOR, metadata);
                for (SubtaskStateHandle.SharedFile shared : s.sharedFiles()) {
                    if (sharedVerified.add(shared.path())) { // after a rescale several subtasks share a file
                        verifyShared(jobDirectory.resolve(shared.path()), shared, metadata.checkpointId());
                    }
                }
            }
        }
        return new CompletedCheckpoint(metadata, jobDirectory, checkpointDirectory);
    }

    /**
     * Checks a file in {@code shared/} against what the checkpoint's metadata recorded at upload:
     * present, the same size, the same CRC32C (one read; a file recorded without a checksum, by an
     * older version, is checked by size only). This is the only read of the file at restore where
     * the copy-in is a hard link (the working directory on the checkpoint's file system); it runs
     * before any task starts, so a damaged file is refused before the job does anything.
     */
    static void verifyShared(Path file, SubtaskStateHandle.SharedFile shared, long checkpointId) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("shared file " + file + " of checkpoint " + checkpointId + " is missing");
        }
        long size = Files.size(file);
        if (size != shared.bytes()) {
            throw new IOException("shared file " + file + " of checkpoint " + checkpointId + " has " + size
                    + " bytes, the metadata says " + shared.bytes() + ": truncated or replaced");
        }
        if (shared.hasChecksum()) {
            long actual = FileChecksums.crc32c(file);
            if (actual != shared.crc32c()) {
                throw new IOException(corruptSharedFile(file, checkpointId, actual, shared.crc32c()));
            }
        }
    }

    /** Why a shared file whose content does not match its recorded CRC32C cannot be used. */
    public static String corruptSharedFile(Path file, long checkpointId, long actualCrc32c, long recordedCrc32c) {
        return "shared file " + file + " of checkpoint " + checkpointId + " is corrupt: its content has CRC32C "
                + FileChecksums.format(actualCrc32c) + ", the metadata recorded " + FileChecksums.format(recordedCrc32c)
                + " when it was uploaded (damaged on disk, or changed since)";
    }

    private static void verify(Path jobDirectory, String relative, long size, byte kind, CheckpointMetadata metadata)
            throws IOException {
        if (relative == null) {
            return;
        }
        Path file = jobDirectory.resolve(relative);
        if (!Files.exists(file)) {
            throw new IOException("state file " + file + " of checkpoint " + metadata.checkpointId() + " is missing");
        }
        if (Files.size(file) != size) {
            throw new IOException("state file " + file + " of checkpoint " + metadata.checkpointId() + " has "
                    + Files.size(file) + " bytes, the metadata says " + size + ": truncated or replaced");
        }
        StateFiles.read(file, kind); // verifies the envelope and checksum (kind 0: any kind)
    }

    /** The folder of files that incremental snapshots share between checkpoints. */
    public Path sharedDirectory() {
        return jobDirectory.resolve("shared");
    }

    /**
     * Deletes every file under {@code shared/} that none of the completed checkpoints on disk
     * references, except those in {@code keep} (uploads of checkpoints still in progress).
     * Returns how many files were deleted.
     */
    public int deleteUnreferencedSharedFiles(java.util.Set<String> keep) {
        Path shared = sharedDirectory();
        if (!Files.isDirectory(shared)) {
            return 0;
        }
        java.util.Set<String> referenced = new java.util.HashSet<>(keep);
        for (long id : completedCheckpointIds()) {
            try {
                referenced.addAll(CheckpointMetadata.read(checkpointDirectory(id).resolve(CheckpointMetadata.FILE_NAME))
                        .sharedFiles());
            } catch (IOException e) {
                return 0; // an unreadable checkpoint: better keep everything than delete what it needs
            }
        }
        int deleted = 0;
        try (Stream<Path> files = Files.walk(shared)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String relative = jobDirectory.relativize(file).toString().replace('\\', '/');
                if (!referenced.contains(relative)) {
                    Files.deleteIfExists(file);
                    deleted++;
                }
            }
        } catch (IOException e) {
            throw FileOperationException.of(FileOperationException.Operation.DELETE,
                    shared, FileOperationException.Owner.CHECKPOINTS, e).unchecked();
        }
        return deleted;
    }

    /**
     * The newest completed checkpoint, verified; null when there is none. A completed checkpoint that
     * cannot be read (bad checksum, missing or truncated file, another job's) is never skipped in
     * favour of an older one: the sinks may already have committed its output, so restoring an older
     * checkpoint would write that output again. It fails with a {@link CheckpointException} that says
     * so and how to accept it explicitly.
     */
    public CompletedCheckpoint latestCompleted() {
        return latestCompleted(0);
    }

    /** As {@link #latestCompleted()}, among the checkpoints with an id of at least {@code minId}. */
    public CompletedCheckpoint latestCompleted(long minId) {
        long from = Math.max(minId, lineageStart());
        List<Long> completed = completedCheckpointIds().stream().filter(id -> id >= from).toList();
        if (completed.isEmpty()) {
            return null;
        }
        long newest = completed.get(completed.size() - 1);
        try {
            CompletedCheckpoint checkpoint = loadVerified(newest);
            if (!checkpoint.metadata().jobName().equals(jobName)) {
                throw new IOException("its metadata says it belongs to job '" + checkpoint.metadata().jobName()
                        + "', not to job '" + jobName + "'");
            }
            return checkpoint;
        } catch (IOException e) {
            throw new UnreadableCheckpointException(unreadableCheckpoint(newest, e.getMessage()), e);
        }
    }

    /**
     * The refusal for completed checkpoint {@code id} that cannot be used ({@code reason} names the
     * file and what is wrong with it): why Weir does not fall back to an older checkpoint, and the
     * choices (put the file back; restore the newest older checkpoint explicitly, accepting repeated
     * output; or start fresh where there is none).
     */
    public String unreadableCheckpointMessage(long id, String reason) {
        return unreadableCheckpoint(id, reason);
    }

    private String unreadableCheckpoint(long id, String reason) {
        List<Long> older = completedCheckpointIdsOfLineage().stream().filter(other -> other < id).toList();
        String olderAdvice = older.isEmpty()
                ? "there is no older completed checkpoint; to start over and write all output again, start with "
                + "--fresh (setStartFresh(true))"
                : "to accept that, restore the older checkpoint explicitly with --restore "
                + checkpointDirectory(older.get(older.size() - 1)) + " (restoreFrom(path))";
        return "checkpoint " + id + " of job '" + jobName + "' in " + checkpointDirectory(id)
                + " completed but cannot be read: " + reason + ". Weir does not fall back to an older checkpoint on "
                + "its own: the output committed after the older checkpoint would be written a second time. Put "
                + "the damaged file back if you can; " + olderAdvice;
    }

    // ---- the job's trace ----

    /**
     * Records a start of the job (before its first run begins): the job has run here, ids up to a
     * block beyond {@code firstCheckpointId} are reserved, and a start that restores nothing begins
     * a new lineage at {@code firstCheckpointId}, so that older checkpoints are never taken for
     * this run's.
     */
    public synchronized void recordStart(long firstCheckpointId, boolean freshStart) throws IOException {
        JobTrace current = trace();
        JobTrace next = current != null ? current : JobTrace.first(jobName);
        if (freshStart) {
            next = next.withLineageStart(firstCheckpointId);
        }
        update(next.withReserved(firstCheckpointId + RESERVED_ID_BLOCK - 1));
    }

    /** Whether this job has run here before: its trace, or checkpoints of a version without traces. */
    public boolean hasTrace() {
        return Files.exists(jobDirectory.resolve(JobTrace.FILE_NAME)) || !checkpointIds().isEmpty();
    }

    /** The highest checkpoint id this job ever used or reserved here; the next run starts above it. */
    public synchronized long highestUsedCheckpointId() {
        long highestDirectory = checkpointIds().stream().mapToLong(Long::longValue).max().orElse(0);
        JobTrace current = trace();
        return current == null ? highestDirectory : Math.max(highestDirectory,
                Math.max(current.reservedCheckpointIds(), current.lastCompletedCheckpoint()));
    }

    /** The first checkpoint id of the current lineage (1 unless the job was started fresh over old checkpoints). */
    public synchronized long lineageStart() {
        JobTrace current = trace();
        return current == null ? 1 : current.lineageStart();
    }

    /** Ids of the completed checkpoints of the current lineage, ascending. */
    public List<Long> completedCheckpointIdsOfLineage() {
        long from = lineageStart();
        return completedCheckpointIds().stream().filter(id -> id >= from).toList();
    }

    /**
     * The newest checkpoint of the current lineage that the trace says completed, or 0. Greater than
     * the newest completed checkpoint on disk only when a completed checkpoint's directory is gone.
     */
    public synchronized long lastCompletedCheckpointOfLineage() {
        JobTrace current = trace();
        return current == null || current.lastCompletedCheckpoint() < current.lineageStart() ? 0
                : current.lastCompletedCheckpoint();
    }

    private JobTrace trace() {
        if (!traceRead) {
            try {
                trace = JobTrace.read(jobDirectory);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
            traceRead = true;
        }
        return trace;
    }

    private void update(JobTrace next) throws IOException {
        next.write(jobDirectory);
        trace = next;
        traceRead = true;
    }

    /** Names of the jobs that have run in {@code baseDirectory} (subdirectories with a trace or checkpoints). */
    public static List<String> jobsIn(Path baseDirectory) {
        if (!Files.isDirectory(baseDirectory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(baseDirectory)) {
            return entries.filter(Files::isDirectory)
                    .filter(dir -> new CheckpointStorage(baseDirectory, dir.getFileName().toString()).hasTrace())
                    .map(dir -> dir.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoint directory " + baseDirectory, e);
        }
    }

    /** Locks the job directory for this process (see {@link JobDirectoryLock}). */
    public JobDirectoryLock lock() {
        return JobDirectoryLock.acquire(jobDirectory, jobName);
    }
}
