package dev.weir.flink.translate;

import dev.weir.api.dag.Transformation;

/**
 * A part of a Weir job the Flink runner cannot translate; the message names the operator (or, for a setting of the
 * whole job, the job) and why.
 */
public final class TranslationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public TranslationException(Transformation node, String why) {
        super("the Flink runner cannot translate operator " + node + ": " + why);
    }

    /** A setting of the whole job, or a check of its plan that failed ({@code cause}'s message says which and why). */
    public TranslationException(String jobName, String why, Throwable cause) {
        super("the Flink runner cannot translate job '" + jobName + "': " + why, cause);
    }
}
