package dev.weir.state;

import java.nio.file.Path;

/**
 * Where one operator subtask writes its part of a checkpoint: files private to this checkpoint,
 * and the job's shared folder for files that later checkpoints may reference too.
 */
public interface SnapshotTarget {

    /** A new file private to this checkpoint, e.g. {@code chk-7/<uid>/<subtask>.<suffix>}. */
    Path privateFile(String suffix);

    /** The folder of this operator's shared files, {@code shared/<uid>/}. */
    Path sharedDirectory();

    /** The path of {@code file} relative to the job's checkpoint directory, as handles store it. */
    String relativize(Path file);

    /**
     * Whether the snapshot must be written in the canonical format (key groups of serialized keys
     * and values, as the heap backend writes them), which every backend restores: true for a
     * savepoint. A backend that cannot write it for some state writes its own format.
     */
    default boolean canonical() {
        return false;
    }

    /** The file a relative path (as handles store it) names in this job's checkpoint directory. */
    default Path resolve(String relativePath) {
        return sharedDirectory().getParent().getParent().resolve(relativePath); // shared/<uid> → job directory
    }
}
