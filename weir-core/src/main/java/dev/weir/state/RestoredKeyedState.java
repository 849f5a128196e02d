package dev.weir.state;

import dev.weir.checkpoint.SubtaskStateHandle;
import java.nio.file.Path;
import java.util.List;

/**
 * The keyed state one old subtask wrote, as a restore sees it.
 *
 * @param mainFile     absolute path of its main file
 * @param keyGroups    the key groups it holds
 * @param sharedFiles  the shared files it references (relative to {@code jobDirectory})
 * @param jobDirectory the job's checkpoint directory, to resolve shared paths
 */
public record RestoredKeyedState(Path mainFile, KeyGroupRange keyGroups, List<SubtaskStateHandle.SharedFile> sharedFiles,
                                 Path jobDirectory) {
}
