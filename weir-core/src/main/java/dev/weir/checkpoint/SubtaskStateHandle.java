package dev.weir.checkpoint;

/**
 * What one operator subtask wrote for a checkpoint. Paths are relative to the job's checkpoint
 * directory ({@code <checkpoint-dir>/<job>/}); a null path means nothing of that kind was written.
 *
 * @param subtask       index of the subtask that wrote it
 * @param keyedFile     keyed-state file, holding key groups {@code firstKeyGroup..lastKeyGroup}
 * @param keyedBytes    its size, checked before a restore
 * @param operatorFile  operator-state file (lists such as source positions)
 * @param operatorBytes its size
 */
public record SubtaskStateHandle(int subtask, String keyedFile, int firstKeyGroup, int lastKeyGroup,
                                 long keyedBytes, String operatorFile, long operatorBytes) {

    public long bytes() {
        return keyedBytes + operatorBytes;
    }
}
