package dev.weir.runtime;

import dev.weir.api.spi.SubtaskInfo;

/**
 * A user function (or operator) threw: names the operator, the subtask and, where known, the
 * record, so the message alone tells where the job broke. The original exception is the cause.
 */
public final class OperatorFailure extends RuntimeException {
    private static final int MAX_RECORD_CHARS = 200;

    /** The operator (its name) and subtask it happened in; null and -1 when unknown. */
    private final String operatorName;
    private final int subtask;

    private OperatorFailure(String message, Throwable cause, SubtaskInfo where) {
        super(message, cause);
        this.operatorName = where == null ? null : where.operatorName();
        this.subtask = where == null ? -1 : where.subtaskIndex();
    }

    public static OperatorFailure onRecord(SubtaskInfo where, Object record, Throwable cause) {
        return new OperatorFailure(where.describe() + " failed on record " + show(record) + ": " + cause, cause, where);
    }

    public static OperatorFailure during(SubtaskInfo where, String phase, Throwable cause) {
        return new OperatorFailure(where.describe() + " failed in " + phase + ": " + cause, cause, where);
    }

    public static OperatorFailure of(String message, Throwable cause) {
        return new OperatorFailure(message, cause, null);
    }

    /** The name of the operator that failed, or null when the failure names none. */
    public String operatorName() {
        return operatorName;
    }

    /** The index of the subtask that failed, or -1. */
    public int subtask() {
        return subtask;
    }

    /**
     * Returns {@code e} unchanged if it already names its operator (a failure further down the
     * chain) or is a cancellation, else wraps it with this operator and record.
     */
    public static RuntimeException wrap(SubtaskInfo where, Object record, Throwable e) {
        if (e instanceof OperatorFailure || e instanceof TaskCancelledException) {
            return (RuntimeException) e;
        }
        return onRecord(where, record, e);
    }

    public static String show(Object record) {
        String text;
        try {
            text = String.valueOf(record);
        } catch (RuntimeException e) {
            text = record.getClass().getName() + " (toString failed: " + e + ")";
        }
        return text.length() <= MAX_RECORD_CHARS ? "'" + text + "'"
                : "'" + text.substring(0, MAX_RECORD_CHARS) + "…' (" + text.length() + " chars)";
    }
}
