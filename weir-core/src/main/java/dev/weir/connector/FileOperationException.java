package dev.weir.connector;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A failed file operation of checkpoints, a file sink or a file source, with a message that names
 * the file, the operation, the cause and what to do: the option that places these files, and for a
 * full disk the space left on that file store and the options that need less of it. The one place
 * where such messages are built; callers wrap the {@link IOException} the JDK gave them with
 * {@link #of}. An exception that already is a {@code FileOperationException} is passed on
 * unchanged, so nested writers never describe a failure twice.
 *
 * <p>Example: {@code cannot write /data/chk/counts/chk-7/count/0.keyed (checkpoints): No space
 * left on device (the disk is full: 0 bytes usable on the file store of /data/chk/counts/chk-7/count).
 * Free space there, move checkpoints to a larger disk with --checkpoint-dir
 * (getCheckpointConfig().setDirectory(..)), or keep fewer completed checkpoints with
 * --retained-checkpoints N (getCheckpointConfig().setRetainedCheckpoints(n), default 2)}.
 */
public final class FileOperationException extends IOException {

    /** What was done to the file. */
    public enum Operation {
        CREATE, WRITE, FSYNC, RENAME, READ, DELETE, LIST;

        String verb() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whose files these are: decides which option the message points to. */
    public enum Owner {
        CHECKPOINTS("checkpoints", "choose another checkpoint directory with --checkpoint-dir "
                + "(getCheckpointConfig().setDirectory(..))", "move checkpoints to a larger disk with --checkpoint-dir "
                + "(getCheckpointConfig().setDirectory(..)), or keep fewer completed checkpoints with "
                + "--retained-checkpoints N (getCheckpointConfig().setRetainedCheckpoints(n), default 2)"),
        OUTPUT("file sink output", "choose another output directory with --output (FileSink.forRowFormat(..))",
                "move the output to a larger disk with --output (FileSink.forRowFormat(..)); a restore from the "
                + "last checkpoint (--restore latest) writes the records not yet committed again"),
        INPUT("input", "check the input given with --input (readTextFile(..), FileSource.forRecordStreamFormat(..))", null),
        LOCAL_STATE("local state", "choose another local working directory with "
                + "RocksDBStateBackend.workingDirectory(..) (default: java.io.tmpdir)", "move it to a larger disk with "
                + "RocksDBStateBackend.workingDirectory(..) (default: java.io.tmpdir)");

        private final String what;
        private final String advice;
        private final String fullDiskAdvice;

        Owner(String what, String advice, String fullDiskAdvice) {
            this.what = what;
            this.advice = advice;
            this.fullDiskAdvice = fullDiskAdvice;
        }
    }

    private final transient Path path;
    private final Operation operation;
    private final boolean diskFull;

    private FileOperationException(String message, Path path, Operation operation, boolean diskFull,
                                   Throwable cause) {
        super(message, cause);
        this.path = path;
        this.operation = operation;
        this.diskFull = diskFull;
    }

    /**
     * The failure of {@code operation} on {@code path} (a file, or the directory for CREATE of a
     * directory and LIST) described for a user; {@code cause} itself if it is one already.
     */
    public static FileOperationException of(Operation operation, Path path, Owner owner, IOException cause) {
        if (cause instanceof FileOperationException described) {
            return described;
        }
        boolean full = isDiskFull(cause);
        StringBuilder message = new StringBuilder("cannot ").append(operation.verb()).append(' ')
                .append(path.toAbsolutePath()).append(" (").append(owner.what).append("): ")
                .append(otherPath(cause, path)).append(reason(cause));
        if (full && owner.fullDiskAdvice != null) {
            Path absolute = path.toAbsolutePath();
            Path store = existingAncestor(Files.isDirectory(absolute) || absolute.getParent() == null ? absolute
                    : absolute.getParent());
            message.append(" (the disk is full: ").append(usableSpace(store)).append(" usable on the file store of ")
                    .append(store).append("). Free space there, or ").append(owner.fullDiskAdvice);
        } else {
            message.append(". ").append(Character.toUpperCase(owner.advice.charAt(0)))
                    .append(owner.advice.substring(1));
        }
        return new FileOperationException(message.toString(), path, operation, full, cause);
    }

    /** Whether {@code e} or one of its causes says the device is full (ENOSPC) or a quota is exceeded. */
    public static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = t instanceof FileSystemException fs ? fs.getReason() : t.getMessage();
            if (text != null && (text.contains("No space left on device") || text.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /** This failure for code paths that cannot throw checked exceptions; its message is this one's. */
    public java.io.UncheckedIOException unchecked() {
        return new java.io.UncheckedIOException(getMessage(), this);
    }

    public Path path() {
        return path;
    }

    public Operation operation() {
        return operation;
    }

    /** Whether the file store was full (or over quota). */
    public boolean diskFull() {
        return diskFull;
    }

    /** The reason without the path the JDK may have put in front (the message names the path once). */
    private static String reason(IOException cause) {
        if (cause instanceof FileSystemException fs) {
            String reason = fs.getReason();
            String kind = fs.getClass().getSimpleName().replace("Exception", "");
            return reason != null ? reason : switch (kind) {
                case "NoSuchFile" -> "no such file or directory";
                case "FileAlreadyExists" -> "the file already exists";
                case "AccessDenied" -> "permission denied";
                case "NotDirectory" -> "not a directory";
                case "DirectoryNotEmpty" -> "the directory is not empty";
                default -> kind;
            };
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    /** The path the JDK names in {@code cause} when it is another one (e.g. a parent that is a file), with ": ". */
    private static String otherPath(IOException cause, Path path) {
        if (cause instanceof FileSystemException fs && fs.getFile() != null) {
            Path other = Path.of(fs.getFile()).toAbsolutePath();
            if (!other.equals(path.toAbsolutePath())) {
                return other + ": ";
            }
        }
        return "";
    }

    private static Path existingAncestor(Path path) {
        Path current = path;
        while (current != null && !Files.exists(current)) {
            current = current.getParent();
        }
        return current != null ? current : path;
    }

    private static String usableSpace(Path store) {
        if (dev.weir.api.testing.SimulatedFullDisk.isFull(store)) {
            return "0 bytes (simulated by a test)";
        }
        try {
            long bytes = Files.getFileStore(store).getUsableSpace();
            return bytes < 10 * 1024 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
        } catch (IOException | RuntimeException e) {
            return "an unknown number of bytes (" + e.getMessage() + ")";
        }
    }
}
