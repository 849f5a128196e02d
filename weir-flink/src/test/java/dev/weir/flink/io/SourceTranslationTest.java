package dev.weir.flink.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.spi.JobSpec;
import dev.weir.connector.DiscardingSink;
import dev.weir.flink.translate.FlinkTranslator;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.Plans;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceTranslationTest {

    @Test
    void aNonParallelSourceAskedToRunInParallelFailsAtTranslationNamingTheSource() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.fromData(1, 2, 3).name("numbers").setParallelism(2).sinkTo(new DiscardingSink<>());
        JobSpec spec = env.getJobSpec();
        PlanRef ref = new PlanRef(SourceTranslationTest.class.getName(), List.of("parallel-collection"));
        Plans.register(ref, spec);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FlinkTranslator.translate(spec, ref,
                org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.createLocalEnvironment(1)));

        assertTrue(e.getMessage().contains("'numbers'"), e.getMessage());
        assertTrue(e.getMessage().contains("supports parallelism up to 1"), e.getMessage());
    }
}
