package dev.weir.flink;

import dev.weir.api.configuration.ConfigOption;
import dev.weir.api.configuration.ConfigOptions;
import dev.weir.api.configuration.Configuration;
import dev.weir.flink.translate.PlanRef;
import java.util.List;
import java.util.Set;

/**
 * The options of the Flink runner ({@code execution.target: flink}), read from the job's configuration
 * ({@code env.configure(..)}).
 *
 * <p>Weir never serializes user functions: each TaskManager runs the job's program again ({@link #PROGRAM_MAIN}
 * with {@link #PROGRAM_ARGS}) to rebuild the plan and finds its operators' functions there (see
 * {@code dev.weir.api.spi.PlanCapture}). {@link #program} sets both.
 */
public final class FlinkRunnerOptions {

    /** The class whose {@code public static void main(String[])} builds and executes the job (Flink's key). */
    public static final ConfigOption<String> PROGRAM_MAIN = dev.weir.api.spi.ProgramOptions.MAIN;

    /** The program's arguments, encoded by {@link dev.weir.api.spi.ProgramOptions#encodeArgs} (Flink's key). */
    public static final ConfigOption<String> PROGRAM_ARGS = dev.weir.api.spi.ProgramOptions.ARGS;

    /**
     * Where the job runs: {@code local} (default) starts a standalone cluster on 127.0.0.1 of a JobManager and
     * {@link #TASK_MANAGERS} TaskManager JVMs for the job; {@code remote} submits to the cluster at
     * {@link #REST_ADDRESS}:{@link #REST_PORT}; {@code mini} runs Flink's MiniCluster in this JVM (for tests).
     */
    public static final ConfigOption<String> CLUSTER = ConfigOptions.key("weir.flink.cluster")
            .stringType().defaultValue("local")
            .withDescription("local (a standalone cluster of its own on 127.0.0.1), remote (rest.address/rest.port) "
                    + "or mini (in this JVM).");

    /** TaskManager JVMs of a {@code local} cluster. */
    public static final ConfigOption<Integer> TASK_MANAGERS = ConfigOptions.key("weir.flink.taskmanagers")
            .intType().defaultValue(2)
            .withDescription("TaskManager processes of the local cluster.");

    /** The JobManager's REST address of a {@code remote} cluster (Flink's key). */
    public static final ConfigOption<String> REST_ADDRESS = ConfigOptions.key("rest.address")
            .stringType().noDefaultValue()
            .withDescription("Host of the Flink cluster's REST endpoint (weir.flink.cluster: remote).");

    /** The JobManager's REST port of a {@code remote} cluster (Flink's key). */
    public static final ConfigOption<Integer> REST_PORT = ConfigOptions.key("rest.port")
            .intType().defaultValue(8081)
            .withDescription("Port of the Flink cluster's REST endpoint (weir.flink.cluster: remote).");

    /** Every key above, for {@code JobExecutor#optionKeys()}. */
    public static final Set<String> KEYS = Set.of(PROGRAM_MAIN.key(), PROGRAM_ARGS.key(), CLUSTER.key(),
            TASK_MANAGERS.key(), REST_ADDRESS.key(), REST_PORT.key());

    private FlinkRunnerOptions() {
    }

    /** Sets the program the TaskManagers run to rebuild the plan. */
    public static Configuration program(Configuration configuration, Class<?> mainClass, List<String> args) {
        return dev.weir.api.spi.ProgramOptions.set(configuration, mainClass, args);
    }
}
