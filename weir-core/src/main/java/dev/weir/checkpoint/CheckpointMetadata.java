package dev.weir.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The {@code _metadata} file of a completed checkpoint: which files hold each operator's state.
 * A line-oriented text format a person can read, ending in a checksum line:
 *
 * <pre>
 * weir-checkpoint 2
 * job counts
 * checkpoint 7
 * timestamp 1764240000000
 * max-parallelism 128
 * operator count 2 Count
 * state keyed count
 * subtask 0 keyed chk-7/count/0.keyed 0 63 5120 operator - 0
 * shared shared/count/4f2a-000012.sst 1048576 9e3779b9
 * crc32c 1a2b3c4d
 * </pre>
 * Fields are separated by a single space; names and paths are percent-encoded so they hold no
 * spaces or line breaks. {@code state} lines name the states of the operator above them (version 1
 * files, written before state names were recorded, have none); {@code shared} lines belong to the
 * subtask line above them and give the file's size and CRC32C (written without the CRC32C before
 * shared files carried checksums: such files are checked by size only).
 */
public record CheckpointMetadata(String jobName, long checkpointId, long timestamp, int maxParallelism,
                                 List<OperatorStateHandles> operators, boolean savepoint) {

    /** The metadata of a checkpoint (not a savepoint). */
    public CheckpointMetadata(String jobName, long checkpointId, long timestamp, int maxParallelism,
                              List<OperatorStateHandles> operators) {
        this(jobName, checkpointId, timestamp, maxParallelism, operators, false);
    }

    public static final String FILE_NAME = "_metadata";
    private static final String HEADER = "weir-checkpoint 2";
    private static final String HEADER_V1 = "weir-checkpoint 1";

    public long totalBytes() {
        return operators.stream().flatMap(o -> o.subtasks().stream()).mapToLong(SubtaskStateHandle::bytes).sum();
    }

    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append(HEADER).append('\n');
        text.append("job ").append(encode(jobName)).append('\n');
        text.append("checkpoint ").append(checkpointId).append('\n');
        if (savepoint) {
            text.append("kind savepoint\n");
        }
        text.append("timestamp ").append(timestamp).append('\n');
        text.append("max-parallelism ").append(maxParallelism).append('\n');
        for (OperatorStateHandles op : operators) {
            text.append("operator ").append(encode(op.uid())).append(' ').append(op.parallelism()).append(' ')
                    .append(encode(op.name())).append('\n');
            for (StateName state : op.states()) {
                text.append("state ").append(state.kind().name().toLowerCase()).append(' ')
                        .append(encode(state.name())).append('\n');
            }
            for (SubtaskStateHandle s : op.subtasks()) {
                text.append("subtask ").append(s.subtask())
                        .append(" keyed ").append(encode(s.keyedFile())).append(' ').append(s.firstKeyGroup())
                        .append(' ').append(s.lastKeyGroup()).append(' ').append(s.keyedBytes())
                        .append(" operator ").append(encode(s.operatorFile())).append(' ').append(s.operatorBytes())
                        .append('\n');
                for (SubtaskStateHandle.SharedFile shared : s.sharedFiles()) {
                    text.append("shared ").append(encode(shared.path())).append(' ').append(shared.bytes());
                    if (shared.hasChecksum()) {
                        text.append(' ').append(String.format("%08x", shared.crc32c()));
                    }
                    text.append('\n');
                }
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(text.toString().getBytes(StandardCharsets.UTF_8));
        text.append("crc32c ").append(String.format("%08x", crc.getValue())).append('\n');
        return text.toString();
    }

    public static CheckpointMetadata read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("checkpoint metadata " + file + " is missing: the checkpoint did not complete");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException("checkpoint metadata " + file + " is corrupt (not UTF-8 text)");
        }
        int crcLine = text.lastIndexOf("crc32c ");
        if (!(text.startsWith(HEADER + "\n") || text.startsWith(HEADER_V1 + "\n")) || crcLine < 0
                || !text.endsWith("\n")) {
            throw new IOException("checkpoint metadata " + file + " is corrupt or truncated (no header or checksum)");
        }
        CRC32C crc = new CRC32C();
        crc.update(text.substring(0, crcLine).getBytes(StandardCharsets.UTF_8));
        String expected = text.substring(crcLine + 7).trim();
        if (!String.format("%08x", crc.getValue()).equals(expected)) {
            throw new IOException("checkpoint metadata " + file + " is corrupt (checksum mismatch)");
        }
        try {
            return parse(text.substring(0, crcLine).split("\n"));
        } catch (RuntimeException e) {
            throw new IOException("checkpoint metadata " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static CheckpointMetadata parse(String[] lines) {
        String job = null;
        long id = -1;
        long timestamp = 0;
        int maxParallelism = -1;
        boolean savepoint = false;
        List<OperatorStateHandles> operators = new ArrayList<>();
        OperatorLines operator = null;
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(" ");
            switch (f[0]) {
                case "job" -> job = decode(f[1]);
                case "checkpoint" -> id = Long.parseLong(f[1]);
                case "kind" -> savepoint = "savepoint".equals(f[1]);
                case "timestamp" -> timestamp = Long.parseLong(f[1]);
                case "max-parallelism" -> maxParallelism = Integer.parseInt(f[1]);
                case "operator" -> {
                    if (operator != null) {
                        operators.add(operator.finish());
                    }
                    operator = new OperatorLines(decode(f[1]), decode(f[3]), Integer.parseInt(f[2]));
                }
                case "state" -> {
                    if (operator == null || f.length != 3) {
                        throw new IllegalArgumentException("line " + (i + 1) + " is malformed: " + lines[i]);
                    }
                    operator.states.add(new StateName(StateName.Kind.valueOf(f[1].toUpperCase()), decode(f[2])));
                }
                case "subtask" -> {
                    if (operator == null || f.length != 10) {
                        throw new IllegalArgumentException("line " + (i + 1) + " is malformed: " + lines[i]);
                    }
                    operator.finishSubtask();
                    operator.subtask = new SubtaskStateHandle(Integer.parseInt(f[1]), decode(f[3]),
                            Integer.parseInt(f[4]), Integer.parseInt(f[5]), Long.parseLong(f[6]), decode(f[8]),
                            Long.parseLong(f[9]));
                }
                case "shared" -> {
                    if (operator == null || operator.subtask == null || f.length < 3 || f.length > 4) {
                        throw new IllegalArgumentException("line " + (i + 1) + " is malformed: " + lines[i]);
                    }
                    long crc = f.length == 4 ? Long.parseLong(f[3], 16) : SubtaskStateHandle.SharedFile.NO_CHECKSUM;
                    operator.shared.add(new SubtaskStateHandle.SharedFile(decode(f[1]), Long.parseLong(f[2]), crc));
                }
                default -> throw new IllegalArgumentException("line " + (i + 1) + " is unknown: " + lines[i]);
            }
        }
        if (operator != null) {
            operators.add(operator.finish());
        }
        if (job == null || id < 0 || maxParallelism < 1) {
            throw new IllegalArgumentException("job, checkpoint or max-parallelism line missing");
        }
        return new CheckpointMetadata(job, id, timestamp, maxParallelism, operators, savepoint);
    }

    /** An operator's lines while they are read: its states, its subtasks and their shared files. */
    private static final class OperatorLines {
        final String uid;
        final String name;
        final int parallelism;
        final List<StateName> states = new ArrayList<>();
        final List<SubtaskStateHandle> subtasks = new ArrayList<>();
        SubtaskStateHandle subtask;
        List<SubtaskStateHandle.SharedFile> shared = new ArrayList<>();

        OperatorLines(String uid, String name, int parallelism) {
            this.uid = uid;
            this.name = name;
            this.parallelism = parallelism;
        }

        void finishSubtask() {
            if (subtask != null) {
                subtasks.add(new SubtaskStateHandle(subtask.subtask(), subtask.keyedFile(), subtask.firstKeyGroup(),
                        subtask.lastKeyGroup(), subtask.keyedBytes(), subtask.operatorFile(), subtask.operatorBytes(),
                        shared));
            }
            subtask = null;
            shared = new ArrayList<>();
        }

        OperatorStateHandles finish() {
            finishSubtask();
            return new OperatorStateHandles(uid, name, parallelism, states, List.copyOf(subtasks));
        }
    }

    /** Every shared file this checkpoint references. */
    public java.util.Set<String> sharedFiles() {
        java.util.Set<String> all = new java.util.HashSet<>();
        for (OperatorStateHandles op : operators) {
            for (SubtaskStateHandle s : op.subtasks()) {
                s.sharedFiles().forEach(f -> all.add(f.path()));
            }
        }
        return all;
    }

    /** Escapes only what would break a line: '%', space, line breaks (paths stay readable). */
    private static String encode(String s) {
        if (s == null) {
            return "-";
        }
        if (s.equals("-")) {
            return "%2D";
        }
        return s.replace("%", "%25").replace(" ", "%20").replace("\n", "%0A").replace("\r", "%0D");
    }

    private static String decode(String s) {
        if (s.equals("-")) {
            return null;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
