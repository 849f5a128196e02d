package dev.weir.api;

/**
 * Records counted for one operator, summed over its parallel subtasks, in the job's last run.
 *
 * @param skipped      records its error policy skipped ({@link ErrorPolicy#skip})
 * @param deadLettered records its error policy sent to the dead-letter output ({@link ErrorPolicy#deadLetter})
 * @param lateRecordsDropped records a window operator dropped because they arrived after their windows'
 *                     end plus the allowed lateness, with no late-data side output set
 */
public record OperatorStats(String name, String uid, int parallelism, long recordsIn, long recordsOut,
                            long skipped, long deadLettered, long lateRecordsDropped) {

    /** Stats of an operator that dropped no late records. */
    public OperatorStats(String name, String uid, int parallelism, long recordsIn, long recordsOut,
                         long skipped, long deadLettered) {
        this(name, uid, parallelism, recordsIn, recordsOut, skipped, deadLettered, 0);
    }

    /** Stats of an operator that skipped nothing and sent no dead letters. */
    public OperatorStats(String name, String uid, int parallelism, long recordsIn, long recordsOut) {
        this(name, uid, parallelism, recordsIn, recordsOut, 0, 0, 0);
    }
}
