package dev.weir.flink.translate;

import dev.weir.api.dag.Operation;
import dev.weir.api.dag.Transformation;
import dev.weir.api.spi.JobSpec;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Translates a Weir job's logical plan into a Flink DataStream job on {@code env}: the job's settings
 * (parallelism, checkpoints, restarts), then node by node in plan order (inputs before the nodes that read
 * them). What cannot be translated throws {@link TranslationException} naming the operator, before anything runs.
 *
 * <p>Each area has its own class: sources and sinks, windows, two-input operators, and the one-input
 * operators; {@link TranslationContext} is what they share (the Flink streams of translated nodes, types, keys,
 * names, uids).
 */
public final class FlinkTranslator {

    private FlinkTranslator() {
    }

    public static void translate(JobSpec spec, PlanRef ref, StreamExecutionEnvironment env) {
        JobSettingsTranslation.apply(spec, env);
        TranslationContext context = new TranslationContext(spec, ref, env);
        for (Transformation node : spec.plan()) {
            switch (node.kind()) {
                case SOURCE -> SourceTranslation.translate(context, node);
                case SINK -> SinkTranslation.translate(context, node);
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
