package dev.weir.flink.translate;

import dev.weir.api.dag.Operation;
import dev.weir.api.dag.Transformation;
import dev.weir.api.spi.JobSpec;
import java.lang.reflect.Method;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs a test program (a class whose {@code main(String[])} builds a Weir job and executes it) on Weir's local
 * runtime, or translated onto Flink's local environment in this JVM. On Flink the program's
 * {@link Outputs.QueueSink}s become {@link Outputs.FlinkQueueSink}s; every other node goes through the
 * translations as {@link FlinkTranslator} dispatches them.
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
        JobSettingsTranslation.apply(spec, env);
        TranslationContext context = new TranslationContext(spec, ref, env);
        for (Transformation node : spec.plan()) {
            switch (node.kind()) {
                case SOURCE -> SourceTranslation.translate(context, node);
                case SINK -> {
                    if (node.operation() instanceof Operation.SinkTo sinkTo
                            && sinkTo.sink() instanceof Outputs.QueueSink<?> queue) {
                        DataStream<Object> input = context.input(node, 0);
                        context.finishSink(node, input.sinkTo(new Outputs.FlinkQueueSink<>(queue.name())));
                    } else {
                        SinkTranslation.translate(context, node);
                    }
                }
                case SIDE_OUTPUT -> context.translateSideOutput(node);
                case OPERATOR, KEYED_OPERATOR -> {
                    Operation operation = node.operation();
                    if (operation instanceof Operation.Windowed) {
                        WindowTranslation.translate(context, node);
                    } else if (operation.twoInputs()) {
                        TwoInputTranslation.translate(context, node);
                    } else {
                        OneInputTranslation.translate(context, node);
                    }
                }
            }
        }
    }
}
