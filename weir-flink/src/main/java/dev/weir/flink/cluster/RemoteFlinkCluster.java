package dev.weir.flink.cluster;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An existing Flink cluster ({@code weir.flink.cluster: remote}) reached at its REST endpoint. The job is
 * submitted with the jar Weir runs from (the weir-cli jar holds Weir, the job's program and its connectors), so
 * the cluster needs nothing of Weir's installed; it needs Flink 2.3 and the heap state backend. Closing it does
 * nothing to the cluster.
 */
final class RemoteFlinkCluster implements FlinkCluster {

    private final String address;
    private final int port;

    private RemoteFlinkCluster(String address, int port) {
        this.address = address;
        this.port = port;
    }

    static RemoteFlinkCluster of(String address, int port) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("option weir.flink.cluster is remote but rest.address is not set: "
                    + "set rest.address and rest.port to the Flink cluster's REST endpoint (--flink-rest URL)");
        }
        return new RemoteFlinkCluster(address, port);
    }

    @Override
    public String kind() {
        return "remote";
    }

    @Override
    public Map<String, String> clientConfiguration() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("execution.target", "remote");
        options.put("rest.address", address);
        options.put("rest.port", Integer.toString(port));
        String jar = userJar();
        if (jar != null) {
            options.put("pipeline.jars", new File(jar).toURI().toString());
        }
        return options;
    }

    /** The jar on this JVM's class path that holds Weir's API (the shaded weir-cli jar), or null (classes dirs). */
    static String userJar() {
        var source = dev.weir.api.StreamExecutionEnvironment.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        String path = new File(java.net.URI.create(source.getLocation().toString())).getPath();
        return path.endsWith(".jar") ? path : null;
    }

    @Override
    public String webInterfaceUrl() {
        return "http://" + address + ":" + port;
    }

    @Override
    public void close() {
        // an existing cluster stays
    }
}
