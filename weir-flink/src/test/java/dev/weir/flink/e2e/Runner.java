package dev.weir.flink.e2e;

import dev.weir.api.RestartStrategy;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.configuration.Configuration;
import dev.weir.api.configuration.DeploymentOptions;
import dev.weir.examples.JobOptions;
import dev.weir.flink.FlinkJobExecutor;
import dev.weir.flink.FlinkRunnerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The environment of an end-to-end test program: {@code --runner local} runs the job on Weir's own runtime,
 * {@code --runner flink} on Weir's Flink runner with a local standalone cluster of {@code --taskmanagers} JVMs
 * (default 2); checkpoints every {@code --checkpoint-interval-ms} into {@code --checkpoint-dir}, parallelism 2,
 * three restarts a second apart. The program and its arguments are what each TaskManager runs to rebuild the plan.
 */
final class Runner {
    private Runner() {
    }

    static StreamExecutionEnvironment environment(Class<?> program, String[] args, JobOptions options) {
        String runner = options.getString("runner", "local");
        int taskManagers = options.getInt("taskmanagers", 2);
        Path checkpoints = Path.of(options.getString("checkpoint-dir", null));
        long interval = options.getLong("checkpoint-interval-ms", 500);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
                .setJobName(program.getSimpleName());
        env.enableCheckpointing(interval);
        env.getCheckpointConfig().setDirectory(checkpoints.toString());
        env.setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ofSeconds(1)));
        if (runner.equals("flink")) {
            Configuration configuration = new Configuration();
            configuration.set(DeploymentOptions.TARGET, FlinkJobExecutor.NAME);
            configuration.set(FlinkRunnerOptions.CLUSTER, "local");
            configuration.set(FlinkRunnerOptions.TASK_MANAGERS, taskManagers);
            FlinkRunnerOptions.program(configuration, program, List.of(args));
            env.configure(configuration);
        } else if (!runner.equals("local")) {
            throw new IllegalArgumentException("--runner takes local or flink, got '" + runner + "'");
        }
        return env;
    }
}
