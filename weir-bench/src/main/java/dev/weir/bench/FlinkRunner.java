package dev.weir.bench;

import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.configuration.Configuration;
import dev.weir.api.configuration.DeploymentOptions;
import dev.weir.flink.FlinkJobExecutor;
import dev.weir.flink.FlinkRunnerOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code --runner flink}: a benchmark job runs on Weir's Flink runner, on a local standalone cluster of a
 * JobManager and {@code --taskmanagers} TaskManager JVMs started for it. Each TaskManager rebuilds the plan by
 * running {@link Benchmarks#main} with the same arguments; the checkpoint directory the client chose is added to
 * them, so that the TaskManagers do not create directories of their own.
 */
final class FlinkRunner {
    private FlinkRunner() {
    }

    static void configure(StreamExecutionEnvironment env, int taskManagers, String[] args, Path checkpointDir) {
        List<String> programArgs = new ArrayList<>(Arrays.asList(args));
        if (checkpointDir != null && !programArgs.contains("--checkpoint-dir")) {
            programArgs.add("--checkpoint-dir");
            programArgs.add(checkpointDir.toAbsolutePath().toString());
        }
        Configuration configuration = new Configuration();
        configuration.set(DeploymentOptions.TARGET, FlinkJobExecutor.NAME);
        configuration.set(FlinkRunnerOptions.CLUSTER, "local");
        configuration.set(FlinkRunnerOptions.TASK_MANAGERS, taskManagers);
        FlinkRunnerOptions.program(configuration, Benchmarks.class, programArgs);
        env.configure(configuration);
    }
}
