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

    static void translate(JobSpec spec, PlanRef ref, StreamExecutionEnvironment env) {
        FlinkTranslator.translate(spec, ref, env);
    }
}
