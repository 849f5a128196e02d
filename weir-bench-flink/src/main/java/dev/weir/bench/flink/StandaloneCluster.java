package dev.weir.bench.flink;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint;
import org.apache.flink.runtime.taskexecutor.TaskManagerRunner;

/**
 * A Flink standalone session cluster on 127.0.0.1 for one benchmark run: a JobManager JVM and
 * {@code taskManagers} TaskManager JVMs, each started with Flink's own entry points
 * ({@link StandaloneSessionClusterEntrypoint}, {@link TaskManagerRunner}) from this JVM's class path (the
 * shaded weir-bench-flink jar, so the jobs' classes are on every TaskManager's class path and no jar is
 * shipped), with the memory options, JVM flags, slots and heartbeat settings of Weir's Flink runner's local
 * cluster (weir-flink's {@code LocalFlinkCluster}, which this module cannot depend on), so a job submitted here
 * runs on the same kind of cluster as a translated Weir job.
 *
 * <p>Each process logs to {@code base/log/<name>.log}. {@link #close()} ends the processes it started (the
 * TaskManagers first) and waits for them.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final List<Process> processes = new ArrayList<>();
    private final int restPort;

    private StandaloneCluster(int restPort) {
        this.restPort = restPort;
    }

    /** The JobManager's REST port on 127.0.0.1. */
    int restPort() {
        return restPort;
    }

    /**
     * Starts the cluster and returns when all TaskManagers have registered. {@code settings} are written to the
     * cluster's {@code config.yaml} (flat keys) on top of the bind addresses, ports and memory this class sets.
     */
    static StandaloneCluster start(Path base, int taskManagers, int slotsPerTaskManager, Map<String, String> settings)
            throws IOException, InterruptedException {
        Path conf = Files.createDirectories(base.resolve("conf"));
        Path logs = Files.createDirectories(base.resolve("log"));
        int restPort = freePort();
        Map<String, String> config = new TreeMap<>();
        config.put("jobmanager.rpc.address", "127.0.0.1");
        config.put("jobmanager.rpc.port", "" + freePort());
        config.put("jobmanager.bind-host", "127.0.0.1");
        config.put("taskmanager.bind-host", "127.0.0.1");
        config.put("taskmanager.host", "127.0.0.1");
        config.put("rest.address", "127.0.0.1");
        config.put("rest.bind-address", "127.0.0.1");
        config.put("rest.port", "" + restPort);
        config.put("taskmanager.numberOfTaskSlots", "" + slotsPerTaskManager);
        config.put("taskmanager.cpu.cores", "" + slotsPerTaskManager);
        config.put("taskmanager.load-balance.mode", "SLOTS"); // subtasks spread over the TaskManagers
        config.put("web.checkpoints.history", "1000");
        // The memory of the Flink runner's local cluster (weir-flink's LocalFlinkCluster), so that both run alike.
        config.put("jobmanager.memory.heap.size", "160m");
        config.put("jobmanager.memory.off-heap.size", "32m");
        config.put("jobmanager.memory.jvm-metaspace.size", "160m");
        config.put("jobmanager.memory.jvm-overhead.min", "64m");
        config.put("jobmanager.memory.jvm-overhead.max", "64m");
        config.put("taskmanager.memory.framework.heap.size", "64m");
        config.put("taskmanager.memory.task.heap.size", (64 + 32 * slotsPerTaskManager) + "m");
        config.put("taskmanager.memory.framework.off-heap.size", "32m");
        config.put("taskmanager.memory.task.off-heap.size", "0m");
        config.put("taskmanager.memory.managed.size", "16m");
        config.put("taskmanager.memory.network.min", "64m");
        config.put("taskmanager.memory.network.max", "64m");
        config.put("taskmanager.memory.jvm-metaspace.size", "160m");
        config.put("taskmanager.memory.jvm-overhead.min", "64m");
        config.put("taskmanager.memory.jvm-overhead.max", "64m");
        config.put("heartbeat.interval", "1000");
        config.put("heartbeat.timeout", "5000");
        config.put("io.tmp.dirs", Files.createDirectories(base.resolve("tmp")).toString());
        config.put("web.tmpdir", base.resolve("tmp").toString());
        config.putAll(settings);
        StringBuilder yaml = new StringBuilder();
        config.forEach((key, value) -> yaml.append(key).append(": ").append(quoted(value)).append('\n'));
        Files.writeString(conf.resolve("config.yaml"), yaml.toString(), StandardCharsets.UTF_8);

        StandaloneCluster cluster = new StandaloneCluster(restPort);
        try {
            // the JVM flags of the Flink runner's local cluster: heap = framework + task heap, serial GC
            cluster.launch(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), StandaloneSessionClusterEntrypoint.class, conf,
                    logs.resolve("jobmanager.log"));
            List<String> taskManagerFlags = List.of("-Xmx" + (64 + 64 + 32 * slotsPerTaskManager) + "m",
                    "-XX:MaxDirectMemorySize=160m", "-XX:+UseSerialGC");
            for (int i = 0; i < taskManagers; i++) {
                cluster.launch(taskManagerFlags, TaskManagerRunner.class, conf, logs.resolve("taskmanager-" + i + ".log"));
            }
            cluster.awaitTaskManagers(taskManagers, logs);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void launch(List<String> jvmFlags, Class<?> entryPoint, Path conf, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(entryPoint.getName());
        command.add("--configDir");
        command.add(conf.toString());
        processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }

    /** Polls the REST endpoint until {@code count} TaskManagers have registered. */
    private void awaitTaskManagers(int count, Path logs) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + "/taskmanagers"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        int registered = 0;
        while (System.nanoTime() < deadline) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("a Flink process of the benchmark cluster ended at startup (exit "
                            + process.exitValue() + "): see the logs in " + logs);
                }
            }
            try {
                String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                Matcher ids = Pattern.compile("\"slotsNumber\"").matcher(body);
                registered = 0;
                while (ids.find()) {
                    registered++;
                }
                if (registered >= count) {
                    return;
                }
            } catch (IOException e) {
                // the JobManager's REST endpoint is not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(registered + " of " + count + " TaskManagers registered within " + STARTUP
                + ": see the logs in " + logs);
    }

    /** A JSON document of the REST API ({@code path} after the port), for figures the benchmark prints. */
    String rest(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
                .timeout(Duration.ofSeconds(5)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
