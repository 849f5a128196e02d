package dev.weir.flink.cluster;

import dev.weir.api.spi.JobSpec;
import java.util.Map;

/** TODO: a standalone cluster of JVMs. */
final class LocalFlinkCluster implements FlinkCluster {
    static LocalFlinkCluster start(JobSpec spec, int taskManagers) {
        throw new UnsupportedOperationException("local cluster: not yet");
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public Map<String, String> clientConfiguration() {
        return Map.of();
    }

    @Override
    public String webInterfaceUrl() {
        return "";
    }

    @Override
    public void close() {
    }
}
