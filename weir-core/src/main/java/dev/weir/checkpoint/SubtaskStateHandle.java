package dev.weir.checkpoint;

import java.util.List;

/**
 * What one operator subtask wrote for a checkpoint. Paths are relative to the job's checkpoint
 * directory ({@code <checkpoint-dir>/<job>/}); a null path means nothing of that kind was written.
 *
 * @param subtask       index of the subtask that wrote it
 * @param keyedFile     keyed-state file (a heap state file, or an embedded store's manifest), holding
 *                      key groups {@code firstKeyGroup..lastKeyGroup}
 * @param keyedBytes    its size, checked before a restore
 * @param operatorFile  operator-state file (lists such as source positions)
 * @param operatorBytes its size
 * @param sharedFiles   files in {@code shared/} the keyed state references (incremental snapshots);
 *                      kept while any retained checkpoint references them
 */
public record SubtaskStateHandle(int subtask, String keyedFile, int firstKeyGroup, int lastKeyGroup,
                                 long keyedBytes, String operatorFile, long operatorBytes,
                                 List<SharedFile> sharedFiles) {

    /**
     * A file in the job's {@code shared/} folder, with its size and the CRC32C of its content
     * (computed while it was uploaded), or {@link #NO_CHECKSUM} for a file recorded by a version
     * that wrote no checksums: such a file is checked by its size only.
     */
    public record SharedFile(String path, long bytes, long crc32c) {
        /** {@link #crc32c()} of a file whose checksum is unknown. */
        public static final long NO_CHECKSUM = -1;

        public SharedFile {
            if (crc32c < NO_CHECKSUM || crc32c > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("not a CRC32C: " + crc32c);
            }
        }

        /** A shared file without a checksum (checked by its size only). */
        public SharedFile(String path, long bytes) {
            this(path, bytes, NO_CHECKSUM);
        }

        public boolean hasChecksum() {
            return crc32c != NO_CHECKSUM;
        }
    }

    public SubtaskStateHandle {
        sharedFiles = List.copyOf(sharedFiles);
    }

    public SubtaskStateHandle(int subtask, String keyedFile, int firstKeyGroup, int lastKeyGroup, long keyedBytes,
                              String operatorFile, long operatorBytes) {
        this(subtask, keyedFile, firstKeyGroup, lastKeyGroup, keyedBytes, operatorFile, operatorBytes, List.of());
    }

    /** Paths of every file this handle references (its own and shared ones). */
    public List<String> files() {
        List<String> files = new java.util.ArrayList<>();
        if (keyedFile != null) {
            files.add(keyedFile);
        }
        if (operatorFile != null) {
            files.add(operatorFile);
        }
        sharedFiles.forEach(f -> files.add(f.path()));
        return files;
    }

    /** Bytes of the files this handle owns (shared files are counted where they were uploaded). */
    public long bytes() {
        return keyedBytes + operatorBytes;
    }
}
