package dev.weir.flink.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.CheckpointingMode;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.dag.Transformation;
import dev.weir.graph.OperatorUids;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

class JobSettingsAndUidsTest {

    /** A job with settings of its own, one explicit uid and operators with generated ones. */
    public static final class Configured {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(3);
            env.setMaxParallelism(64);
            env.enableCheckpointing(250, CheckpointingMode.AT_LEAST_ONCE);
            env.getCheckpointConfig().setDirectory(args[1]);
            env.getCheckpointConfig().setCheckpointTimeout(60_000);
            env.getCheckpointConfig().setTolerableCheckpointFailureNumber(2);
            env.fromSequence(1, 10)
                    .map(v -> v + 1).uid("plus-one")
                    .keyBy(v -> v % 2).count()
                    .sinkTo(Outputs.sink(args[0]));
            env.execute("configured");
        }
    }

    @Test
    void theFlinkJobHasTheWeirJobsSettingsAndOperatorUids() {
        PlanRef ref = new PlanRef(Configured.class.getName(), List.of("configured", "/tmp/weir-configured"));
        var spec = Plans.plan(ref);
        var env = org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.createLocalEnvironment(1);

        FlinkTranslator.translate(spec, ref, env);

        assertEquals(3, env.getParallelism());
        assertEquals(64, env.getMaxParallelism());
        assertTrue(env.getConfig().isObjectReuseEnabled());
        assertTrue(env.getConfig().getSerializerConfig().hasGenericTypesDisabled());
        var checkpoints = env.getCheckpointConfig();
        assertEquals(250, checkpoints.getCheckpointInterval());
        assertEquals(org.apache.flink.core.execution.CheckpointingMode.AT_LEAST_ONCE,
                checkpoints.getCheckpointingConsistencyMode());
        assertEquals(60_000, checkpoints.getCheckpointTimeout());
        assertEquals(2, checkpoints.getTolerableCheckpointFailureNumber());

        Map<Transformation, String> weirUids = OperatorUids.assign(spec.plan());
        Set<String> flinkUids = env.getStreamGraph().getStreamNodes().stream().map(StreamNode::getTransformationUID)
                .filter(uid -> uid != null).collect(Collectors.toSet());
        assertTrue(flinkUids.contains("plus-one"), flinkUids.toString());
        for (Transformation node : spec.plan()) {
            assertTrue(flinkUids.contains(weirUids.get(node)), "uid of " + node + " (" + weirUids.get(node)
                    + ") in " + flinkUids);
        }
    }
}
