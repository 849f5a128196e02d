package dev.weir.flink;

import dev.weir.api.JobClient;
import dev.weir.api.spi.JobExecutor;
import dev.weir.api.configuration.ReadableConfig;
import dev.weir.api.spi.JobSpec;
import dev.weir.flink.cluster.FlinkSubmission;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.Plans;
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

    /**
     * Translates the job (mistakes throw here, before any cluster starts), registers its plan in this JVM (a
     * MiniCluster uses it as it is), starts or reaches the cluster of {@link FlinkRunnerOptions#CLUSTER} and
     * submits the job. The returned client is a {@link FlinkJobClient}; a cluster started for the job stops when
     * the job has ended.
     *
     * @throws IllegalArgumentException the job's configuration names no program ({@link FlinkRunnerOptions#program})
     */
    @Override
    public JobClient executeAsync(JobSpec job) {
        ReadableConfig conf = job.configuration();
        PlanRef ref = planRef(job);
        Plans.register(ref, job);
        return FlinkSubmission.submit(job, ref, conf.get(FlinkRunnerOptions.CLUSTER),
                conf.get(FlinkRunnerOptions.TASK_MANAGERS), conf.get(FlinkRunnerOptions.REST_ADDRESS),
                conf.get(FlinkRunnerOptions.REST_PORT));
    }

    /** The program the TaskManagers run to rebuild the plan, from the job's configuration. */
    static PlanRef planRef(JobSpec job) {
        String main = job.configuration().get(FlinkRunnerOptions.PROGRAM_MAIN);
        if (main == null || main.isBlank()) {
            throw new IllegalArgumentException("job '" + job.jobName() + "' cannot run on Flink: its configuration "
                    + "names no program. Each TaskManager rebuilds the job by running the program's main(String[]) "
                    + "again: call FlinkRunnerOptions.program(configuration, YourJob.class, args) (sets "
                    + FlinkRunnerOptions.PROGRAM_MAIN.key() + " and " + FlinkRunnerOptions.PROGRAM_ARGS.key()
                    + ") before env.configure(configuration)");
        }
        return new PlanRef(main, dev.weir.api.spi.ProgramOptions.decodeArgs(job.configuration().get(FlinkRunnerOptions.PROGRAM_ARGS)));
    }
}
