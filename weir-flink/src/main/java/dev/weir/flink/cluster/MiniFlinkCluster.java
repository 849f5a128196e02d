package dev.weir.flink.cluster;

import dev.weir.api.spi.JobSpec;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * Flink's MiniCluster in this JVM ({@code weir.flink.cluster: mini}), for tests: one TaskManager with a slot per
 * parallel subtask, its REST endpoint (and web UI) on a free port of 127.0.0.1. The job's plan registered in this
 * JVM is used as it is (no rebuild).
 */
public final class MiniFlinkCluster implements FlinkCluster {

    private final MiniCluster cluster;
    private final URI rest;
    private boolean closed;

    private MiniFlinkCluster(MiniCluster cluster, URI rest) {
        this.cluster = cluster;
        this.rest = rest;
    }

    /** Starts a MiniCluster for {@code spec}. */
    public static MiniFlinkCluster start(JobSpec spec) {
        Map<String, String> options = ClusterSettings.forCluster(spec);
        options.put("rest.bind-port", "0");
        Configuration configuration = Configuration.fromMap(options);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(ClusterSettings.slotsNeeded(spec))
                .build());
        try {
            cluster.start();
            return new MiniFlinkCluster(cluster, cluster.getRestAddress().get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            cluster.closeAsync();
            throw new IllegalStateException("cannot start Flink's MiniCluster for job '" + spec.jobName() + "': " + e,
                    e);
        }
    }

    @Override
    public String kind() {
        return "mini";
    }

    @Override
    public Map<String, String> clientConfiguration() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("execution.target", "remote");
        options.put("rest.address", rest.getHost());
        options.put("rest.port", Integer.toString(rest.getPort()));
        return options;
    }

    @Override
    public String webInterfaceUrl() {
        return "http://" + rest.getHost() + ":" + rest.getPort();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            cluster.closeAsync().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(MiniFlinkCluster.class).warn("Flink's MiniCluster did not stop cleanly",
                    e);
        }
    }
}
