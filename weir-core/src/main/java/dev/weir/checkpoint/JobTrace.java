package dev.weir.checkpoint;

import dev.weir.connector.DirectorySync;
import dev.weir.connector.FileOperationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32C;

/**
 * What a job's directory remembers about the job beyond its retained checkpoints, in the text file
 * {@code <job-dir>/_job}, rewritten atomically and durably:
 *
 * <pre>
 * weir-job 2
 * job counts
 * first-start 2026-12-06T06:40:00Z
 * lineage-start 1
 * reserved-checkpoint-ids 1024
 * last-completed-checkpoint 57
 * crc32c 1a2b3c4d
 * </pre>
 *
 * <ul>
 *   <li>Its presence says the job has run here, so a restore of {@code latest} after a crash before
 *       the first checkpoint knows the job (and starts fresh) while a mistyped job or directory is
 *       refused.</li>
 *   <li>{@code reserved-checkpoint-ids}: no checkpoint id up to it may be used again. Ids are
 *       reserved in blocks before they are used, so that a restart always takes higher ids than any
 *       checkpoint ever started, even when newer {@code chk-*} directories are gone: two
 *       transactions of a sink never share a name.</li>
 *   <li>{@code last-completed-checkpoint}: the newest checkpoint that completed. If its directory
 *       is gone, restoring an older one would repeat output its sinks already committed.</li>
 *   <li>{@code lineage-start}: the first checkpoint id of the latest fresh start; older checkpoints
 *       belong to a run the user chose to start over from and are never restored as "latest".</li>
 * </ul>
 */
public record JobTrace(String jobName, String firstStart, long lineageStart, long reservedCheckpointIds,
                       long lastCompletedCheckpoint) {

    static final String FILE_NAME = "_job";
    private static final String HEADER = "weir-job 2";
    private static final String HEADER_V1 = "weir-job 1";

    public static JobTrace first(String jobName) {
        return new JobTrace(jobName, java.time.Instant.now().toString(), 1, 0, 0);
    }

    public JobTrace withLineageStart(long id) {
        return new JobTrace(jobName, firstStart, id, reservedCheckpointIds, lastCompletedCheckpoint);
    }

    public JobTrace withReserved(long upTo) {
        return new JobTrace(jobName, firstStart, lineageStart, Math.max(reservedCheckpointIds, upTo),
                lastCompletedCheckpoint);
    }

    public JobTrace withCompleted(long id) {
        return new JobTrace(jobName, firstStart, lineageStart, Math.max(reservedCheckpointIds, id),
                Math.max(lastCompletedCheckpoint, id));
    }

    String toText() {
        String body = HEADER + "\njob " + jobName + "\nfirst-start " + firstStart + "\nlineage-start " + lineageStart
                + "\nreserved-checkpoint-ids " + reservedCheckpointIds + "\nlast-completed-checkpoint "
                + lastCompletedCheckpoint + "\n";
        CRC32C crc = new CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return body + String.format("crc32c %08x%n", crc.getValue());
    }

    /** The trace in {@code jobDirectory}, or null if the job never ran there. */
    static JobTrace read(Path jobDirectory) throws IOException {
        Path file = jobDirectory.resolve(FILE_NAME);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw FileOperationException.of(FileOperationException.Operation.READ, file,
                    FileOperationException.Owner.CHECKPOINTS, e);
        }
        String[] lines = text.split("\n");
        if (lines.length > 0 && lines[0].equals(HEADER_V1)) { // written before ids were reserved
            return new JobTrace(value(lines, "job", file), value(lines, "first-start", file), 1, 0, 0);
        }
        int crcLine = text.lastIndexOf("crc32c ");
        CRC32C crc = new CRC32C();
        crc.update(text.substring(0, Math.max(0, crcLine)).getBytes(StandardCharsets.UTF_8));
        if (!text.startsWith(HEADER + "\n") || crcLine < 0
                || !String.format("%08x", crc.getValue()).equals(text.substring(crcLine + 7).trim())) {
            throw new IOException("the job's trace " + file + " is corrupt (header or checksum): it records which "
                    + "checkpoint ids were used; put it back from a backup, or remove the job directory to start over");
        }
        try {
            return new JobTrace(value(lines, "job", file), value(lines, "first-start", file),
                    Long.parseLong(value(lines, "lineage-start", file)),
                    Long.parseLong(value(lines, "reserved-checkpoint-ids", file)),
                    Long.parseLong(value(lines, "last-completed-checkpoint", file)));
        } catch (NumberFormatException e) {
            throw new IOException("the job's trace " + file + " is corrupt: " + e.getMessage(), e);
        }
    }

    private static String value(String[] lines, String key, Path file) throws IOException {
        for (String line : lines) {
            if (line.startsWith(key + " ")) {
                return line.substring(key.length() + 1);
            }
        }
        throw new IOException("the job's trace " + file + " has no '" + key + "' line");
    }

    /** Replaces the trace atomically (temp file, fsync, rename) and makes the rename durable. */
    void write(Path jobDirectory) throws IOException {
        try {
            Files.createDirectories(jobDirectory);
        } catch (IOException e) {
            throw FileOperationException.of(FileOperationException.Operation.CREATE, jobDirectory,
                    FileOperationException.Owner.CHECKPOINTS, e);
        }
        Path temp = jobDirectory.resolve(FILE_NAME + ".tmp");
        CheckpointStorage.writeDurably(temp, toText());
        Path target = jobDirectory.resolve(FILE_NAME);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw FileOperationException.of(FileOperationException.Operation.RENAME, target,
                    FileOperationException.Owner.CHECKPOINTS, e);
        }
        DirectorySync.force(jobDirectory);
    }
}
