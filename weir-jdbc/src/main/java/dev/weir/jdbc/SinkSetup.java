package dev.weir.jdbc;

import dev.weir.api.RuntimeContext;
import dev.weir.api.spi.SubtaskInfo;
import dev.weir.api.spi.SubtaskPlacement;

/** What both writers of the sink work out when a subtask opens: the transaction id prefix and the checkpoint concurrency. */
final class SinkSetup {
    private SinkSetup() {
    }

    /** The prefix set on the builder, or {@code <job name>-<sink uid>} (the operator name when no uid was set). */
    static String prefix(PostgresSinkSettings<?> settings, RuntimeContext context) {
        if (settings.transactionIdPrefix() != null) {
            return settings.transactionIdPrefix();
        }
        String uid = context instanceof SubtaskPlacement placement ? placement.subtaskInfo().uid() : null;
        String operator = uid != null ? uid : context.getTaskInfo().getTaskName();
        return context.getJobInfo().getJobName() + "-" + operator;
    }

    static int maxConcurrentCheckpoints(RuntimeContext context) {
        return context instanceof SubtaskPlacement placement ? placement.maxConcurrentCheckpoints() : 1;
    }
}
