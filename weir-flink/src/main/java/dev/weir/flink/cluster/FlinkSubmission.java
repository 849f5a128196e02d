package dev.weir.flink.cluster;

import dev.weir.api.spi.JobSpec;
import dev.weir.flink.translate.FlinkTranslator;
import dev.weir.flink.translate.PlanRef;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.client.deployment.executors.RemoteExecutor;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * Runs a Weir job on Flink: translates it (mistakes throw before any cluster starts), starts or reaches the
 * cluster, submits the Flink job through the cluster's REST endpoint and returns the client over it.
 */
public final class FlinkSubmission {

    private FlinkSubmission() {
    }

    /** The kinds of {@code weir.flink.cluster}. */
    public static FlinkJobClient submit(JobSpec spec, PlanRef ref, String clusterKind, int taskManagers,
                                        String restAddress, int restPort) {
        StreamGraph graph = translate(spec, ref);
        FlinkCluster cluster = switch (clusterKind) {
            case "mini" -> MiniFlinkCluster.start(spec);
            case "local" -> LocalFlinkCluster.start(spec, taskManagers);
            case "remote" -> RemoteFlinkCluster.of(restAddress, restPort);
            default -> throw new IllegalArgumentException("option weir.flink.cluster is '" + clusterKind
                    + "': use local (a cluster of its own on 127.0.0.1), remote (rest.address and rest.port) or mini "
                    + "(Flink's MiniCluster in this JVM)");
        };
        RestClusterClient<String> rest = null;
        try {
            Configuration client = Configuration.fromMap(cluster.clientConfiguration());
            // Flink's executor takes the restore settings from the client configuration, not from the graph.
            org.apache.flink.runtime.jobgraph.SavepointRestoreSettings.toConfiguration(
                    graph.getSavepointRestoreSettings(), client);
            rest = new RestClusterClient<>(client, "weir");
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            org.apache.flink.core.execution.JobClient submitted = new RemoteExecutor(client)
                    .execute(graph, client, loader != null ? loader : FlinkSubmission.class.getClassLoader())
                    .get(120, TimeUnit.SECONDS);
            return new FlinkJobClient(spec, submitted.getJobID(), cluster, rest);
        } catch (Exception e) {
            if (rest != null) {
                rest.close();
            }
            cluster.close();
            String logs = cluster.logLocation();
            throw new IllegalStateException("cannot submit job '" + spec.jobName() + "' to the Flink cluster at "
                    + cluster.webInterfaceUrl() + ": " + e + (logs.isEmpty() ? "" : "; logs: " + logs), e);
        }
    }

    private static StreamGraph translate(JobSpec spec, PlanRef ref) {
        Map<String, String> options = ClusterSettings.forJob(spec);
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(Configuration.fromMap(options));
        FlinkTranslator.translate(spec, ref, env);
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(spec.jobName());
        return graph;
    }
}
