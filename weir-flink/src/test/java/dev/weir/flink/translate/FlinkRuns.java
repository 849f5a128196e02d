package dev.weir.flink.translate;

import dev.weir.api.spi.JobSpec;
import java.lang.reflect.Method;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs a test program (a class whose {@code main(String[])} builds a Weir job and executes it) on Weir's local
 * runtime, or translated by {@link FlinkTranslator} onto Flink's local environment in this JVM (its
 * {@link Outputs.QueueSink}s run as plain Weir sinks inside Flink sink writers).
 */
final class FlinkRuns {

    private FlinkRuns() {
    }

    static void runLocal(Class<?> program, String... args) throws Exception {
        Method main = program.getMethod("main", String[].class);
        main.invoke(null, (Object) args);
    }

    static void runOnFlink(Class<?> program, int parallelism, String... args) throws Exception {
        PlanRef ref = new PlanRef(program.getName(), List.of(args));
        JobSpec spec = Plans.plan(ref);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism);
        translate(spec, ref, env);
        env.execute(spec.jobName());
    }

    /**
     * Runs the program as the Flink runner's executor does ({@code weir.flink.cluster: mini}): translated, then
     * submitted through Flink's REST API to a MiniCluster in this JVM; returns the job's result.
     */
    static dev.weir.api.JobExecutionResult runThroughExecutor(Class<?> program, String... args) throws Exception {
        PlanRef ref = new PlanRef(program.getName(), List.of(args));
        JobSpec plan = Plans.plan(ref);
        dev.weir.api.configuration.Configuration conf = new dev.weir.api.configuration.Configuration();
        conf.setString(dev.weir.flink.FlinkRunnerOptions.CLUSTER.key(), "mini");
        dev.weir.flink.FlinkRunnerOptions.program(conf, program, List.of(args));
        JobSpec spec = new JobSpec(plan.jobName(), plan.plan(), plan.execution(), plan.checkpoints(),
                plan.restartStrategy(), plan.restore(), plan.serializers(), plan.stateBackend(), plan.faultInjector(),
                conf);
        return new dev.weir.flink.FlinkJobExecutor().executeAsync(spec).awaitResult();
    }

    static void translate(JobSpec spec, PlanRef ref, StreamExecutionEnvironment env) {
        FlinkTranslator.translate(spec, ref, env);
    }
}
