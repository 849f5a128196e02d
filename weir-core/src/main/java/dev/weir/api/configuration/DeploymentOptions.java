package dev.weir.api.configuration;

/**
 * Where a job runs (Flink's name): {@link #TARGET} chooses the engine {@code execute()} hands the job to.
 * {@code local} is Weir's own runtime in this JVM; {@code flink} is the Flink runner (module weir-flink),
 * which translates the job to a Flink job and runs it on a Flink cluster.
 */
public class DeploymentOptions {

    /**
     * The engine that runs the job: the name of a {@code dev.weir.api.spi.JobExecutor} on the class path
     * ({@code local}, the default, or {@code flink}). An unknown name fails at {@code execute()}, listing the
     * names found.
     */
    public static final ConfigOption<String> TARGET = ConfigOptions.key("execution.target")
            .stringType().defaultValue("local")
            .withDescription("The engine that runs the job: local (Weir's runtime in this JVM) or flink.");

    DeploymentOptions() {
    }
}
