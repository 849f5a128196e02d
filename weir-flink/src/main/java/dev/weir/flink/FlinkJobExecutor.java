package dev.weir.flink;

import dev.weir.api.JobClient;
import dev.weir.api.spi.JobExecutor;
import dev.weir.api.spi.JobSpec;
import java.util.Set;

/**
 * The Flink runner ({@code execution.target: flink}): translates the job to a Flink DataStream job and runs it
 * on a Flink cluster (see {@link FlinkRunnerOptions#CLUSTER}).
 */
public final class FlinkJobExecutor implements JobExecutor {

    /** The target name. */
    public static final String NAME = "flink";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> optionKeys() {
        return FlinkRunnerOptions.KEYS;
    }

    @Override
    public JobClient executeAsync(JobSpec job) {
        throw new UnsupportedOperationException("TODO(cluster): executeAsync");
    }
}
