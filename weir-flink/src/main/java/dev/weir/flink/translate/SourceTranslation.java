package dev.weir.flink.translate;

import dev.weir.api.dag.Transformation;
import dev.weir.api.spi.JobSpec;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** TODO(io): see /work/wt/notes/flink-runner.md. */
final class SourceTranslation {

    private SourceTranslation() {
    }

    static void translate(TranslationContext context, Transformation node) {
        throw new UnsupportedOperationException("TODO(io): SourceTranslation");
    }
}
