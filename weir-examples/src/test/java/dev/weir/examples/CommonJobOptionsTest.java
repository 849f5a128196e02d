package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.CheckpointConfig;
import dev.weir.api.StreamExecutionEnvironment;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The checkpoint options every job takes reach the job's checkpoint configuration. */
class CommonJobOptionsTest {

    @Command(name = "job")
    static final class Job implements Runnable {
        @Mixin
        CommonJobOptions common;

        @Override
        public void run() {
        }
    }

    private static CheckpointConfig configured(String... args) {
        Job job = new Job();
        new CommandLine(job).parseArgs(args);
        StreamExecutionEnvironment env = job.common.configure(StreamExecutionEnvironment.getExecutionEnvironment(), Path.of("checkpoints"));
        return env.getCheckpointConfig();
    }

    @Test
    void retentionAndToleratedFailuresDefaultToTwoAndZero() {
        CheckpointConfig config = configured();
        assertEquals(2, config.getRetainedCheckpoints());
        assertEquals(0, config.getTolerableCheckpointFailureNumber());
    }

    @Test
    void retentionAndToleratedFailuresAreTakenFromTheCommandLine() {
        CheckpointConfig config = configured("--retained-checkpoints", "1", "--tolerable-failed-checkpoints", "5");
        assertEquals(1, config.getRetainedCheckpoints());
        assertEquals(5, config.getTolerableCheckpointFailureNumber());
    }

    @Test
    void noRetainedCheckpointIsAMistakeOfTheUser() {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> configured("--retained-checkpoints", "0"));
        assertTrue(e.getMessage().contains("--retained-checkpoints must be at least 1"), e.getMessage());
    }

    @Test
    void onFlinkRestoreLatestIsAcceptedAndReachesTheJob() {
        Job job = new Job();
        new CommandLine(job).parseArgs("--runner", "flink", "--restore", "latest");
        StreamExecutionEnvironment env = job.common.configure(StreamExecutionEnvironment.getExecutionEnvironment(),
                Path.of("checkpoints"));
        assertEquals("latest", env.getConfiguration().toMap().get("execution.state-recovery.path"));
    }

    @Test
    void flinkRestWithoutTheFlinkRunnerIsAMistake() {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> configured("--flink-rest", "http://127.0.0.1:8081"));
        assertTrue(e.getMessage().contains("add --runner flink"), e.getMessage());
    }
}
