package dev.weir.api;

/**
 * Records counted for one operator, summed over its parallel subtasks, in the job's last run.
 *
 * @param skipped      records its error policy skipped ({@link ErrorPolicy#skip})
 * @param deadLettered records its error policy sent to the dead-letter output ({@link ErrorPolicy#deadLetter})
 */
public record OperatorStats(String name, String uid, int parallelism, long recordsIn, long recordsOut,
                            long skipped, long deadLettered) {

    /** Stats of an operator that skipped nothing and sent no dead letters. */
    public OperatorStats(String name, String uid, int parallelism, long recordsIn, long recordsOut) {
        this(name, uid, parallelism, recordsIn, recordsOut, 0, 0);
    }
}
