package dev.weir.api;

/**
 * What an operator does with a record its user function throws on (and what a source does with
 * input it cannot read, e.g. a line that is not valid UTF-8): set per operator with
 * {@link SingleOutputStreamOperator#setErrorPolicy} or for the whole job with
 * {@link StreamExecutionEnvironment#setErrorPolicy}; an operator's own policy wins.
 *
 * <ul>
 *   <li>{@link #fail()} (the default): the task fails with a message naming the operator, the record
 *       and, for operators chained to their source, the record's source position; the job restarts
 *       as its restart strategy says — a record that fails again after the restore fails the same way.</li>
 *   <li>{@link #skip(int)}: the record is dropped and counted ({@link OperatorStats#skipped()}). More
 *       than {@code maxPerCheckpointInterval} skips by one subtask between two of its checkpoints fail
 *       the task (naming the operator, the limit and the last record's source position): a handful of
 *       bad records is data, a flood of them is a bug that must not silently discard the input.</li>
 *   <li>{@link #deadLetter()}: the record goes, as a {@link DeadLetter} carrying its text, the exception,
 *       the operator and the source position, to the operator's side output {@link DeadLetter#TAG}
 *       (or all of them at once through {@link StreamExecutionEnvironment#getDeadLetterStream()}), which is a
 *       stream like any other: sink it through any sink, exactly-once ones included. A job whose dead
 *       letters would go nowhere is refused before it starts.</li>
 * </ul>
 *
 * <p>Records the function emitted for a record before it threw stay emitted. Exceptions from sinks and
 * from timer callbacks always fail the task: a sink's errors are mostly its target's (disk, broker),
 * and skipping them would lose data without a record to blame. A policy counts per parallel subtask.
 * Immutable.
 */
public final class ErrorPolicy {
    /**
     * The skip limit of {@link #skip()}: per subtask and checkpoint interval. Large enough for the
     * occasional poison record in a busy stream, small enough that a systematic failure (every record
     * throws) stops the job within the first interval instead of discarding it.
     */
    public static final int DEFAULT_MAX_SKIPS_PER_CHECKPOINT_INTERVAL = 100;

    /** The three policies. */
    public enum Kind { FAIL, SKIP, DEAD_LETTER }

    private static final ErrorPolicy FAIL = new ErrorPolicy(Kind.FAIL, 0);
    private static final ErrorPolicy DEAD_LETTER = new ErrorPolicy(Kind.DEAD_LETTER, 0);

    private final Kind kind;
    private final int maxPerCheckpointInterval;

    private ErrorPolicy(Kind kind, int maxPerCheckpointInterval) {
        this.kind = kind;
        this.maxPerCheckpointInterval = maxPerCheckpointInterval;
    }

    /** Fail the task on the first record that throws (the default). */
    public static ErrorPolicy fail() {
        return FAIL;
    }

    /** Skip and count, at most {@value #DEFAULT_MAX_SKIPS_PER_CHECKPOINT_INTERVAL} per subtask and checkpoint interval. */
    public static ErrorPolicy skip() {
        return skip(DEFAULT_MAX_SKIPS_PER_CHECKPOINT_INTERVAL);
    }

    /**
     * Skip and count, at most {@code maxPerCheckpointInterval} records per subtask between two of its
     * checkpoints (over the whole run when checkpointing is off); one more fails the task.
     */
    public static ErrorPolicy skip(int maxPerCheckpointInterval) {
        if (maxPerCheckpointInterval < 1) {
            throw new IllegalArgumentException("error policy skip: maxPerCheckpointInterval must be at least 1, was "
                    + maxPerCheckpointInterval + "; use ErrorPolicy.fail() to skip nothing");
        }
        return new ErrorPolicy(Kind.SKIP, maxPerCheckpointInterval);
    }

    /** Send the record with its exception to the dead-letter side output ({@link DeadLetter#TAG}). */
    public static ErrorPolicy deadLetter() {
        return DEAD_LETTER;
    }

    public Kind kind() {
        return kind;
    }

    /** The skip limit per subtask and checkpoint interval ({@link Kind#SKIP} only, else 0). */
    public int maxPerCheckpointInterval() {
        return maxPerCheckpointInterval;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorPolicy other && other.kind == kind
                && other.maxPerCheckpointInterval == maxPerCheckpointInterval;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + maxPerCheckpointInterval;
    }

    /** "fail", "skip(at most 100 per checkpoint interval)", "dead-letter". */
    @Override
    public String toString() {
        return switch (kind) {
            case FAIL -> "fail";
            case SKIP -> "skip(at most " + maxPerCheckpointInterval + " per checkpoint interval)";
            case DEAD_LETTER -> "dead-letter";
        };
    }
}
