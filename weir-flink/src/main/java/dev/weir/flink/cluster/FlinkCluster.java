package dev.weir.flink.cluster;

import java.util.List;
import java.util.Map;

/**
 * A Flink cluster a translated job is submitted to through its REST endpoint: one started for the job
 * ({@link MiniFlinkCluster} in this JVM, {@link LocalFlinkCluster} as processes) or an existing one
 * ({@link RemoteFlinkCluster}).
 *
 * <p>Call order: made started; {@link #clientConfiguration()} any number of times; {@link #close()} once the job
 * has ended (it stops what was started for the job, and nothing of an existing cluster). Thread-safe.
 */
public interface FlinkCluster extends AutoCloseable {

    /** {@code mini}, {@code local} or {@code remote}. */
    String kind();

    /** The Flink client options that submit to this cluster: the target, rest.address, rest.port, user jars. */
    Map<String, String> clientConfiguration();

    /** The address of Flink's web UI (the JobManager's REST endpoint), like {@code http://127.0.0.1:8081}. */
    String webInterfaceUrl();

    /** Process ids of the TaskManager JVMs started for the job; empty when they are not processes of their own. */
    default List<Long> taskManagerPids() {
        return List.of();
    }

    /** Where the cluster's logs are, for failure messages; empty if unknown. */
    default String logLocation() {
        return "";
    }

    /** Keeps the logs of a cluster started for the job when it closes (the job failed). */
    default void keepLogs() {
    }

    /** Stops what was started for the job; idempotent. */
    @Override
    void close();
}
