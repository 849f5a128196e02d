package dev.weir.flink.cluster;

import dev.weir.api.spi.JobSpec;
import dev.weir.api.dag.Transformation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Flink options every cluster started for a Weir job gets: Flink's heap state backend (Weir's RocksDB runs on
 * Flink's heap backend, see the module's description), the job's checkpoint directory, everything on 127.0.0.1,
 * enough checkpoint history for the job's result.
 */
final class ClusterSettings {

    private ClusterSettings() {
    }

    /** Options of the job on any cluster (also the translated environment's). */
    static Map<String, String> forJob(JobSpec spec) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("state.backend.type", "hashmap");
        if (spec.checkpoints().getDirectory() != null) {
            options.put("execution.checkpointing.dir",
                    spec.checkpoints().getDirectory().toAbsolutePath().toUri().toString());
        }
        if (spec.checkpoints().getSavepointDirectory() != null) {
            options.put("execution.checkpointing.savepoint-dir",
                    spec.checkpoints().getSavepointDirectory().toAbsolutePath().toUri().toString());
        }
        return options;
    }

    /** Options of a cluster started for the job, besides ports and memory. */
    static Map<String, String> forCluster(JobSpec spec) {
        Map<String, String> options = forJob(spec);
        options.put("rest.address", "127.0.0.1");
        options.put("rest.bind-address", "127.0.0.1");
        options.put("jobmanager.rpc.address", "127.0.0.1");
        options.put("jobmanager.bind-host", "127.0.0.1");
        options.put("taskmanager.bind-host", "127.0.0.1");
        options.put("taskmanager.host", "127.0.0.1");
        // The web UI shows the job; it does not take jars to run (submissions come through the REST API only).
        options.put("web.submit.enable", "false");
        options.put("web.checkpoints.history", "1000");
        options.put("taskmanager.load-balance.mode", "SLOTS"); // a job's subtasks spread over the TaskManagers
        options.put("metrics.fetcher.update-interval", "1000"); // progress lines every second, not every 10 s
        return options;
    }

    /** Slots the job needs with Flink's default slot sharing: its highest parallelism. */
    static int slotsNeeded(JobSpec spec) {
        int slots = Math.max(1, spec.execution().parallelism());
        for (Transformation node : spec.plan()) {
            slots = Math.max(slots, node.parallelism());
        }
        return slots;
    }
}
