package dev.weir.runtime;

import dev.weir.api.spi.SubtaskInfo;
import dev.weir.api.Collector;
import dev.weir.api.DeadLetter;
import dev.weir.api.ErrorPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one operator subtask's {@link ErrorPolicy} to the records it fails on: throws (fail, or
 * skip over its limit), counts and drops (skip), or emits a {@link DeadLetter} to the operator's
 * dead-letter side output. Called only from the catch block around a user function call (or by a
 * source reader that met malformed input), so the normal path pays nothing.
 *
 * <p>Task thread only. The skip count per checkpoint interval is reset by {@link #checkpointTaken()}
 * when the subtask takes its checkpoint snapshot; the totals are of this run and end up in the
 * job's result.
 */
public final class RecordErrors {
    private static final Logger LOG = LoggerFactory.getLogger(RecordErrors.class);

    private final SubtaskInfo info;
    private final ErrorPolicy policy;
    private final Collector<Object> deadLetters; // the DeadLetter.TAG side output (dead-letter policy only)
    private final SourcePosition position;
    private long skipped;
    private long deadLettered;
    private int skippedSinceCheckpoint;

    /**
     * @param deadLetters where dead letters go; must not be null under the dead-letter policy
     * @param position    the position of the record the chain is processing
     */
    public RecordErrors(SubtaskInfo info, ErrorPolicy policy, Collector<Object> deadLetters, SourcePosition position) {
        if (policy.kind() == ErrorPolicy.Kind.DEAD_LETTER && deadLetters == null) {
            throw new IllegalArgumentException(info.describe() + " has error policy dead-letter but no dead-letter output");
        }
        this.info = info;
        this.policy = policy;
        this.deadLetters = deadLetters;
        this.position = position;
    }

    /** The fail policy, position unknown (for operators run outside a job's chain). */
    public static RecordErrors failing(SubtaskInfo info) {
        return new RecordErrors(info, ErrorPolicy.fail(), null, SourcePosition.UNKNOWN);
    }

    public ErrorPolicy policy() {
        return policy;
    }

    /**
     * The operator threw {@code e} on {@code record}: returns if the policy skipped or dead-lettered
     * it, else throws an {@link OperatorFailure} naming the operator, the record and its source
     * position. Failures of operators further down the chain and cancellations pass unchanged; an
     * interrupt always fails.
     */
    public void onRecordFailure(Object record, Exception e) {
        if (e instanceof OperatorFailure || e instanceof TaskCancelledException) {
            throw (RuntimeException) e;
        }
        String where = position.describe();
        ErrorPolicy.Kind kind = policy.kind();
        if (e instanceof InterruptedException) { // the task is being stopped: not the record's fault
            Thread.currentThread().interrupt();
            kind = ErrorPolicy.Kind.FAIL;
        }
        switch (kind) {
            case FAIL -> throw OperatorFailure.of(info.describe() + " failed on record " + OperatorFailure.show(record)
                    + at(where) + ": " + e, e);
            case SKIP -> skip(OperatorFailure.show(record), where, e);
            case DEAD_LETTER -> deadLetter(text(record), where, e);
        }
    }

    /**
     * A source reader could not read a record (e.g. a line that is not UTF-8): same policy, the
     * position given by the reader. Returns if skipped or dead-lettered; the reader then goes on
     * after the record.
     *
     * @param record what was read, as text, for the dead letter
     */
    public void onMalformedInput(String record, Exception e, String where) {
        switch (policy.kind()) {
            case FAIL -> throw OperatorFailure.of(info.describe() + " cannot read the record" + (where == null ? "" : " at " + where) + ": "
                    + e.getMessage() + "; to go on past such records set ErrorPolicy.skip() or deadLetter() on the "
                    + "source or the job", e);
            case SKIP -> skip(OperatorFailure.show(record), where, e);
            case DEAD_LETTER -> deadLetter(record, where, e);
        }
    }

    private void skip(String shownRecord, String where, Exception e) {
        if (skippedSinceCheckpoint >= policy.maxPerCheckpointInterval()) {
            throw OperatorFailure.of(info.describe() + " skipped more than " + policy.maxPerCheckpointInterval()
                    + " records since its last checkpoint (error policy " + policy + "); the last failed record "
                    + shownRecord + at(where) + ": " + e + ". Fix the cause, or raise the limit with ErrorPolicy.skip(n)", e);
        }
        if (skippedSinceCheckpoint == 0) {
            LOG.warn("{} skips record {}{} (error policy {}; further skips before the next checkpoint are only counted): {}",
                    info.describe(), shownRecord, at(where), policy, e.toString());
        }
        skippedSinceCheckpoint++;
        skipped++;
    }

    private void deadLetter(String record, String where, Exception e) {
        deadLettered++;
        deadLetters.collect(new DeadLetter(record, e.getClass().getName(), e.getMessage(), info.uid(),
                info.operatorName(), info.subtaskIndex(), where));
    }

    /** The subtask took its checkpoint snapshot: a new skip interval begins. */
    public void checkpointTaken() {
        skippedSinceCheckpoint = 0;
    }

    /** Records skipped in this run. */
    public long skipped() {
        return skipped;
    }

    /** Records sent to the dead-letter output in this run. */
    public long deadLettered() {
        return deadLettered;
    }

    private static String at(String where) {
        return where == null ? "" : " read at " + where;
    }

    private static String text(Object record) {
        try {
            return String.valueOf(record);
        } catch (RuntimeException e) {
            return record.getClass().getName() + " (toString failed: " + e + ")";
        }
    }
}
