package dev.weir.flink.translate;

import dev.weir.api.dag.Transformation;
import dev.weir.api.spi.JobSpec;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** TODO(core): see /work/wt/notes/flink-runner.md. */
final class JobSettingsTranslation {

    private JobSettingsTranslation() {
    }

    static void apply(JobSpec spec, StreamExecutionEnvironment env) {
        throw new UnsupportedOperationException("TODO(core): JobSettingsTranslation");
    }
}
