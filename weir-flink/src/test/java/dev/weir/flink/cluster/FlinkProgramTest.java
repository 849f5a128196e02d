package dev.weir.flink.cluster;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.configuration.Configuration;
import dev.weir.api.configuration.DeploymentOptions;
import dev.weir.connector.DiscardingSink;
import org.junit.jupiter.api.Test;

class FlinkProgramTest {

    @Test
    void aJobWithoutItsProgramFailsNamingTheOptionToSet() {
        Configuration conf = new Configuration();
        conf.set(DeploymentOptions.TARGET, "flink");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.fromData(1, 2, 3).sinkTo(new DiscardingSink<>());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, env::executeAsync);

        assertTrue(e.getMessage().contains("names no program"), e.getMessage());
        assertTrue(e.getMessage().contains("FlinkRunnerOptions.program"), e.getMessage());
    }
}
