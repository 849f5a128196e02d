package dev.weir.api.spi;

import dev.weir.api.JobClient;
import java.util.ServiceLoader;

/**
 * An engine that runs jobs: what {@code StreamExecutionEnvironment.execute()} hands the job to. Weir's local
 * runtime (one JVM, one thread per subtask) is the one weir-core registers; a runner that
 * translates the job for another engine registers its own. Found with {@link ServiceLoader}.
 */
public interface JobExecutor {

    /**
     * Checks the job, sets it up and starts it; returns at once. Mistakes in the job, its
     * configuration or the checkpoint to restore throw here, before any task starts.
     */
    JobClient executeAsync(JobSpec job);

    /** The executor on the class path (the first one found). */
    static JobExecutor load() {
        return ServiceLoader.load(JobExecutor.class, JobExecutor.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Weir engine found on the class path (no "
                        + JobExecutor.class.getName() + " service): add weir-core to the class path"));
    }
}
