package dev.weir.checkpoint;

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
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoint directory of one job: {@code <base>/<job>/chk-<n>/} per checkpoint, state files
 * inside it, and {@code _metadata} written last and atomically (temp file, fsync, rename, fsync of
 * the directory). A {@code chk-<n>} without {@code _metadata} is an incomplete checkpoint.
 */
public final class CheckpointStorage {
    private static final Pattern CHECKPOINT_DIR = Pattern.compile("chk-(\\d+)");

    private final Path jobDirectory;
    private final String jobName;

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

    /** Creates the directory of a new checkpoint; fails if it cannot (unwritable, full disk). */
    public void initializeCheckpoint(long checkpointId) throws IOException {
        Files.createDirectories(checkpointDirectory(checkpointId));
    }

    /** Makes the checkpoint complete: writes its metadata durably and atomically. */
    public void commit(CheckpointMetadata metadata) throws IOException {
        Path dir = checkpointDirectory(metadata.checkpointId());
        Path temp = dir.resolve(CheckpointMetadata.FILE_NAME + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(metadata.toText().getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        try {
            Files.move(temp, dir.resolve(CheckpointMetadata.FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the checkpoint directory " + dir + " does not support atomic renames", e);
        }
        forceDirectory(dir);
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot fsync a directory; the rename itself is still atomic there.
        }
    }

    /** Deletes a checkpoint directory (aborted, or subsumed beyond retention). */
    public void discard(long checkpointId) {
        dev.weir.state.LocalFiles.deleteRecursively(checkpointDirectory(checkpointId));
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
            throw new UncheckedIOException("cannot list checkpoint directory " + jobDirectory, e);
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
        Path jobDirectory = checkpointDirectory.toAbsolutePath().getParent();
        for (OperatorStateHandles op : metadata.operators()) {
            for (SubtaskStateHandle s : op.subtasks()) {
                verify(jobDirectory, s.keyedFile(), s.keyedBytes(), (byte) 0, metadata);
                verify(jobDirectory, s.operatorFile(), s.operatorBytes(), StateFiles.KIND_OPERATOR, metadata);
                for (SubtaskStateHandle.SharedFile shared : s.sharedFiles()) {
                    Path file = jobDirectory.resolve(shared.path());
                    if (!Files.exists(file)) {
                        throw new IOException("shared file " + file + " of checkpoint " + metadata.checkpointId()
                                + " is missing");
                    }
                    if (Files.size(file) != shared.bytes()) {
                        throw new IOException("shared file " + file + " of checkpoint " + metadata.checkpointId()
                                + " has " + Files.size(file) + " bytes, the metadata says " + shared.bytes());
                    }
                }
            }
        }
        return new CompletedCheckpoint(metadata, jobDirectory, checkpointDirectory);
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
            throw new UncheckedIOException("cannot clean up shared files in " + shared, e);
        }
        return deleted;
    }

    /**
     * The newest completed checkpoint that is intact, falling back to older retained ones (each
     * skipped checkpoint is reported to {@code log} with the reason); null when there is none.
     */
    public CompletedCheckpoint latestIntact(Consumer<String> log) {
        return latestIntact(0, log);
    }

    /** As {@link #latestIntact(Consumer)}, among the checkpoints with an id of at least {@code minId}. */
    public CompletedCheckpoint latestIntact(long minId, Consumer<String> log) {
        List<Long> completed = new ArrayList<>(completedCheckpointIds());
        for (int i = completed.size() - 1; i >= 0; i--) {
            long id = completed.get(i);
            if (id < minId) {
                break;
            }
            try {
                CompletedCheckpoint checkpoint = loadVerified(id);
                if (!checkpoint.metadata().jobName().equals(jobName)) {
                    throw new IOException("it belongs to job '" + checkpoint.metadata().jobName() + "'");
                }
                return checkpoint;
            } catch (IOException e) {
                log.accept("checkpoint " + id + " in " + jobDirectory + " is unreadable, falling back to an older one: "
                        + e.getMessage());
            }
        }
        return null;
    }
}
