package dev.weir.api.functions;

/**
 * A function with operator state of its own, or that keeps state in fields and writes it into
 * state when a checkpoint is taken.
 *
 * <p><b>Call order</b> per subtask: {@link #initializeState} once, before {@code open} (for a
 * {@link RichFunction}: after {@code setRuntimeContext}, so {@code getRuntimeContext()} works
 * there), on a fresh start and on a restore alike ({@link FunctionInitializationContext#isRestored()} tells which); register the
 * operator lists (and keyed state, on a keyed stream) there and read back what was restored. Then
 * {@link #snapshotState} at every checkpoint, in its synchronous part, between two records: put the
 * current field values into the state registered before. Keep it short: records wait meanwhile.
 * Both run on the subtask's thread.
 */
public interface CheckpointedFunction {

    /** A checkpoint is being taken: write into state what it must hold. */
    void snapshotState(FunctionSnapshotContext context) throws Exception;

    /** Registers the function's state, restored from the checkpoint the job starts from (if any). */
    void initializeState(FunctionInitializationContext context) throws Exception;
}
