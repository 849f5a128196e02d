package dev.weir.flink.window;

import dev.weir.api.spi.JobSpec;
import dev.weir.flink.translate.FlinkTranslator;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.Plans;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Runs a test program (a class whose {@code main(String[])} builds a job writing to {@link Results} under the run id
 * given as its first argument, then calls {@code execute()}) on Weir's local runtime, or translated onto Flink in
 * this JVM (Flink's local environment), and returns what it emitted.
 */
public final class Runners {

    private Runners() {
    }

    /** The sorted output of {@code program} on Weir's local runtime. */
    public static List<String> onWeir(Class<?> program, String... args) throws Exception {
        String runId = "weir-" + UUID.randomUUID();
        try {
            program.getMethod("main", String[].class).invoke(null, (Object) withRunId(runId, args));
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        return Results.sorted(runId);
    }

    /** The sorted output of {@code program} translated onto Flink, run on Flink's local environment. */
    public static List<String> onFlink(Class<?> program, String... args) throws Exception {
        String runId = "flink-" + UUID.randomUUID();
        PlanRef ref = new PlanRef(program.getName(), List.of(withRunId(runId, args)));
        JobSpec spec = Plans.plan(ref); // runs the program's main up to execute(): the client's plan
        Plans.register(ref, spec);
        org.apache.flink.streaming.api.environment.StreamExecutionEnvironment flink =
                org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.createLocalEnvironment(2);
        FlinkTranslator.translate(spec, ref, flink);
        flink.execute(program.getSimpleName());
        return Results.sorted(runId);
    }

    private static String[] withRunId(String runId, String[] args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(0, runId);
        return all.toArray(String[]::new);
    }
}
