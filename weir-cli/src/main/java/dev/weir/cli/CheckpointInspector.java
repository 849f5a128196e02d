package dev.weir.cli;

import dev.weir.checkpoint.CheckpointMetadata;
import dev.weir.checkpoint.CheckpointStorage;
import dev.weir.checkpoint.CompletedCheckpoint;
import dev.weir.checkpoint.OperatorStateHandles;
import dev.weir.checkpoint.SubtaskStateHandle;
import dev.weir.state.OperatorStateBackend;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints what checkpoints hold: per checkpoint its id, time, size and job; per operator its uid,
 * name and parallelism; per subtask its state files with sizes and key groups, and the lists of
 * its operator state (source positions, pending transactions) by name, entry count and bytes.
 * The entries are serialized with the operator's own serializer, which the file does not name,
 * so they are shown as far as bytes allow: the readable text in an entry (file names,
 * transactional ids, topic names), else a short entry in hex. Checkpoints without metadata are
 * listed as incomplete.
 */
final class CheckpointInspector {
    /** What the engine's well-known operator state lists hold. */
    private static final Map<String, String> KNOWN_LISTS = Map.of(
            "source-splits", "source positions",
            "two-phase-commit-pending", "pending transactions");

    /** Entries shown per list; the rest are only counted. */
    private static final int ENTRIES_SHOWN = 5;
    /** An entry without text of at most this many bytes is shown in hex. */
    private static final int HEX_UP_TO = 32;
    /** Printable runs shorter than this are noise (length prefixes, small numbers). */
    private static final int MIN_TEXT_RUN = 4;

    private final PrintStream out;

    CheckpointInspector(PrintStream out) {
        this.out = out;
    }

    /**
     * Inspects a job's checkpoint directory (every chk-N in it) or one chk-N directory.
     *
     * @return true if every completed checkpoint is intact
     * @throws IllegalArgumentException if {@code path} holds no checkpoint
     */
    boolean inspect(Path path) {
        List<Path> complete = new ArrayList<>();
        if (Files.exists(path.resolve(CheckpointMetadata.FILE_NAME)) || path.getFileName().toString().startsWith("chk-")) {
            complete.add(path);
        } else {
            Path jobDirectory = path.toAbsolutePath().normalize();
            CheckpointStorage storage = new CheckpointStorage(jobDirectory.getParent(),
                    jobDirectory.getFileName().toString());
            List<Long> completed = storage.completedCheckpointIds();
            for (long id : storage.checkpointIds()) {
                if (completed.contains(id)) {
                    complete.add(storage.checkpointDirectory(id));
                } else {
                    out.println(storage.checkpointDirectory(id) + ": checkpoint " + id
                            + " is incomplete (no " + CheckpointMetadata.FILE_NAME + ": in progress, or left by a crash)");
                }
            }
            if (storage.checkpointIds().isEmpty()) {
                throw new IllegalArgumentException("no chk-N directories in " + path + ": give a job's checkpoint "
                        + "directory (<checkpoint-dir>/<job-name>) or a chk-N directory");
            }
        }
        boolean allIntact = true;
        for (Path target : complete) {
            try {
                print(CheckpointStorage.loadVerified(target));
            } catch (IOException e) {
                allIntact = false;
                out.println(target + ": NOT USABLE: " + e.getMessage());
            }
        }
        out.flush();
        return allIntact;
    }

    private void print(CompletedCheckpoint checkpoint) throws IOException {
        CheckpointMetadata m = checkpoint.metadata();
        out.printf(Locale.ROOT, "%s: %s %d of job '%s', taken %s, %,d bytes, max parallelism %d, intact%n",
                checkpoint.checkpointDirectory(), m.savepoint() ? "savepoint" : "checkpoint", m.checkpointId(),
                m.jobName(), Instant.ofEpochMilli(m.timestamp()), m.totalBytes(), m.maxParallelism());
        out.printf(Locale.ROOT, "  kind: %s%n  keyed state: %s%n", m.savepoint()
                        ? "savepoint (self-contained: every file is inside its directory, paths relative to it; "
                        + "never deleted by the job; restore it with --restore " + checkpoint.checkpointDirectory() + ")"
                        : "checkpoint (paths relative to the job directory " + checkpoint.jobDirectory()
                        + "; deleted by retention once newer ones complete)", keyedFormat(m));
        for (OperatorStateHandles op : m.operators()) {
            long bytes = op.subtasks().stream().mapToLong(SubtaskStateHandle::bytes).sum();
            out.printf(Locale.ROOT, "  operator uid '%s' ('%s'), parallelism %d, %,d bytes%s%n", op.uid(), op.name(),
                    op.parallelism(), bytes, op.subtasks().isEmpty() ? ", no state" : "");
            if (!op.states().isEmpty()) {
                out.printf(Locale.ROOT, "    states: %s%n", op.states().stream().map(Object::toString)
                        .collect(java.util.stream.Collectors.joining(", ")));
            }
            for (SubtaskStateHandle s : op.subtasks()) {
                printSubtask(checkpoint.jobDirectory(), s, op.parallelism());
            }
        }
    }

    /** Which backend's format the keyed state files are in, by their kind (a RocksDB manifest ends in .rocks). */
    static String keyedFormat(CheckpointMetadata m) {
        boolean rocks = false;
        boolean heap = false;
        long shared = 0;
        for (OperatorStateHandles op : m.operators()) {
            for (SubtaskStateHandle s : op.subtasks()) {
                if (s.keyedFile() != null) {
                    rocks |= s.keyedFile().endsWith(".rocks");
                    heap |= !s.keyedFile().endsWith(".rocks");
                }
                shared += s.sharedFiles().size();
            }
        }
        if (!rocks && !heap) {
            return "none";
        }
        String rocksFormat = "RocksDB native (SST files" + (shared > 0 ? ", " + shared + " shared file reference(s)" : "")
                + "; restored by the RocksDB backend)";
        String heapFormat = "heap canonical (key groups of serialized keys and values; restored by the heap backend)";
        return rocks && heap ? rocksFormat + " and " + heapFormat : rocks ? rocksFormat : heapFormat;
    }

    /** Subtasks are shown as "subtask i/n" counted from 1, as in every message of Weir's (file names count from 0). */
    private void printSubtask(Path jobDirectory, SubtaskStateHandle s, int parallelism) throws IOException {
        String subtask = (s.subtask() + 1) + "/" + parallelism;
        if (s.keyedFile() == null && s.operatorFile() == null) {
            out.printf(Locale.ROOT, "    subtask %s: no state%n", subtask);
            return;
        }
        if (s.keyedFile() != null) {
            out.printf(Locale.ROOT, "    subtask %s: keyed state %s, key groups %d-%d, %,d bytes%n", subtask,
                    s.keyedFile(), s.firstKeyGroup(), s.lastKeyGroup(), s.keyedBytes());
            for (SubtaskStateHandle.SharedFile shared : s.sharedFiles()) {
                out.printf(Locale.ROOT, "      shared file %s, %,d bytes, %s%n", shared.path(), shared.bytes(),
                        shared.hasChecksum() ? "CRC32C " + dev.weir.checkpoint.FileChecksums.format(shared.crc32c())
                                : "no checksum (size checked only)");
            }
        }
        if (s.operatorFile() != null) {
            out.printf(Locale.ROOT, "    subtask %s: operator state %s, %,d bytes%n", subtask, s.operatorFile(),
                    s.operatorBytes());
            for (Map.Entry<String, OperatorStateBackend.RawList> list
                    : OperatorStateBackend.read(jobDirectory.resolve(s.operatorFile())).entrySet()) {
                List<byte[]> elements = list.getValue().elements();
                long listBytes = elements.stream().mapToLong(e -> e.length).sum();
                String meaning = KNOWN_LISTS.get(list.getKey());
                out.printf(Locale.ROOT, "      list '%s'%s, %s, %d %s, %,d bytes%n", list.getKey(),
                        meaning == null ? "" : " (" + meaning + ")", list.getValue().mode().name().toLowerCase(Locale.ROOT),
                        elements.size(), elements.size() == 1 ? "entry" : "entries", listBytes);
                for (int i = 0; i < Math.min(elements.size(), ENTRIES_SHOWN); i++) {
                    String shown = describe(elements.get(i));
                    if (!shown.isEmpty()) {
                        out.println("        " + shown);
                    }
                }
                if (elements.size() > ENTRIES_SHOWN) {
                    out.printf(Locale.ROOT, "        ... %d more%n", elements.size() - ENTRIES_SHOWN);
                }
            }
        }
    }

    /** The readable text runs of an entry, else its hex if short, else nothing. */
    static String describe(byte[] entry) {
        StringBuilder text = new StringBuilder();
        int runStart = -1;
        for (int i = 0; i <= entry.length; i++) {
            boolean printable = i < entry.length && entry[i] >= 0x20 && entry[i] < 0x7f;
            if (printable && runStart < 0) {
                runStart = i;
            } else if (!printable && runStart >= 0) {
                if (entry[runStart] == i - runStart - 1) {
                    runStart++; // a printable length prefix of the string that follows
                }
                if (i - runStart >= MIN_TEXT_RUN) {
                    text.append(text.length() == 0 ? "" : " ")
                            .append(new String(entry, runStart, i - runStart, java.nio.charset.StandardCharsets.US_ASCII));
                }
                runStart = -1;
            }
        }
        if (text.length() > 0) {
            return "text: " + text;
        }
        if (entry.length <= HEX_UP_TO) {
            return "hex: " + java.util.HexFormat.of().formatHex(entry);
        }
        return "";
    }
}
