package dev.weir.api.spi;

/** Identity of one operator subtask, used in names, errors and the runtime context. */
public record SubtaskInfo(String jobName, String operatorName, String uid, int subtaskIndex, int parallelism,
                       int maxParallelism) {

    /** "operator 'name' (uid 'u') subtask 2/4" — the form used in every error message. */
    public String describe() {
        return "operator '" + operatorName + "'" + (uid == null ? "" : " (uid '" + uid + "')")
                + " subtask " + (subtaskIndex + 1) + "/" + parallelism;
    }
}
