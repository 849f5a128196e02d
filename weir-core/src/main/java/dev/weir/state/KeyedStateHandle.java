package dev.weir.state;

import dev.weir.checkpoint.SubtaskStateHandle;
import java.util.List;

/**
 * What writing a {@link KeyedSnapshot} produced.
 *
 * @param mainFile     the file a restore starts from (relative path), verified by its checksum
 * @param mainBytes    its size
 * @param sharedFiles  shared files the snapshot references (old and new)
 * @param bytesWritten bytes actually written for this checkpoint (the incremental cost)
 */
public record KeyedStateHandle(String mainFile, long mainBytes, List<SubtaskStateHandle.SharedFile> sharedFiles,
                               long bytesWritten) {
}
