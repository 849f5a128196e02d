package dev.weir.api.spi;

import dev.weir.api.JobClient;
import java.util.ServiceLoader;

/**
 * An engine that runs jobs: what {@code StreamExecutionEnvironment.execute()} hands the job to. Weir's local
 * runtime (one JVM, one thread per subtask) is the one weir-core registers; a runner that
 * translates the job for another engine registers its own. Found with {@link ServiceLoader}.
 */
public interface JobExecutor {

    /** The name of the local runtime, the default target. */
    String LOCAL = "local";

    /**
     * The name the option {@code execution.target} ({@code DeploymentOptions.TARGET}) chooses this executor by:
     * {@value #LOCAL} for Weir's own runtime.
     */
    default String name() {
        return LOCAL;
    }

    /**
     * The configuration keys this executor reads from {@link JobSpec#configuration()} besides the environment's
     * own, so that setting them is not reported as an unknown option.
     */
    default java.util.Set<String> optionKeys() {
        return java.util.Set.of();
    }

    /**
     * Checks the job, sets it up and starts it; returns at once. Mistakes in the job, its
     * configuration or the checkpoint to restore throw here, before any task starts.
     */
    JobClient executeAsync(JobSpec job);

    /** The local runtime. */
    static JobExecutor load() {
        return load(LOCAL);
    }

    /**
     * The executor named {@code target} on the class path.
     *
     * @throws IllegalArgumentException none has that name: the message names the option and the executors found
     */
    static JobExecutor load(String target) {
        java.util.List<String> found = new java.util.ArrayList<>();
        for (JobExecutor executor : all()) {
            if (executor.name().equals(target)) {
                return executor;
            }
            found.add(executor.name());
        }
        throw new IllegalArgumentException("option execution.target is '" + target + "' but the class path holds no "
                + "engine of that name (found: " + (found.isEmpty() ? "none" : String.join(", ", found)) + ")"
                + ("flink".equals(target) ? ": add weir-flink to the class path" : ""));
    }

    /** Every executor on the class path. */
    static Iterable<JobExecutor> all() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return ServiceLoader.load(JobExecutor.class, loader != null ? loader : JobExecutor.class.getClassLoader());
    }
}
