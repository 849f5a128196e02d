package dev.weir.flink.cluster;

import dev.weir.api.spi.JobSpec;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone Flink cluster started for one job ({@code weir.flink.cluster: local}): a JobManager
 * (Flink's {@code StandaloneSessionClusterEntrypoint}) and N TaskManagers (Flink's {@code TaskManagerRunner}), each
 * a JVM of its own started from this JVM's class path (the weir-cli jar holds Flink), with a generated
 * {@code config.yaml} in a temporary directory: everything on 127.0.0.1 and free ports, as many slots per
 * TaskManager as the job's parallelism (so the job restarts on the TaskManagers left after one is lost), small
 * memory, Flink's heap state backend and the job's checkpoint directory. Logs go to {@code log/} of that directory.
 *
 * <p>{@link #start} returns once every TaskManager has registered with the JobManager. {@link #close()} stops
 * every process and deletes the directory unless the job failed ({@link #keepLogs()}). The processes never
 * outlive this JVM: each ends by itself when this JVM is gone, however it ended (see {@link ClusterProcess});
 * {@link FlinkJobClient} cancels the job first when this JVM exits while it runs.
 */
public final class LocalFlinkCluster implements FlinkCluster {

    private static final Logger LOG = LoggerFactory.getLogger(LocalFlinkCluster.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String JOB_MANAGER = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    private final Path directory;
    private final int restPort;
    private final Process jobManager;
    private final List<Process> taskManagers;
    private volatile boolean keepLogs;
    private boolean closed;

    private LocalFlinkCluster(Path directory, int restPort, Process jobManager, List<Process> taskManagers) {
        this.directory = directory;
        this.restPort = restPort;
        this.jobManager = jobManager;
        this.taskManagers = List.copyOf(taskManagers);
    }

    /** Starts the cluster for {@code spec} and waits until its {@code taskManagers} TaskManagers have registered. */
    public static LocalFlinkCluster start(JobSpec spec, int taskManagers) {
        if (taskManagers < 1) {
            throw new IllegalArgumentException("option weir.flink.taskmanagers must be at least 1, got " + taskManagers);
        }
        Path directory;
        try {
            directory = Files.createTempDirectory("weir-flink-");
            Files.createDirectories(directory.resolve("conf"));
            Files.createDirectories(directory.resolve("log"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the local Flink cluster's directory: " + e.getMessage(), e);
        }
        int restPort = FreePorts.next();
        Map<String, String> options = options(spec, restPort);
        writeConfig(directory.resolve("conf").resolve("config.yaml"), options);
        List<Process> started = new ArrayList<>();
        Process jobManager = null;
        try {
            jobManager = launch(directory, "jobmanager", JOB_MANAGER, "-Xmx256m", "-XX:TieredStopAtLevel=1");
            for (int i = 0; i < taskManagers; i++) {
                started.add(launch(directory, "taskmanager-" + i, TASK_MANAGER,
                        "-Xmx" + heapMegabytes(options) + "m", "-XX:MaxDirectMemorySize=160m"));
            }
        } catch (RuntimeException e) {
            destroy(jobManager, started);
            throw e;
        }
        LocalFlinkCluster cluster = new LocalFlinkCluster(directory, restPort, jobManager, started);
        try {
            cluster.awaitTaskManagers(taskManagers);
        } catch (RuntimeException e) {
            cluster.keepLogs();
            cluster.close();
            throw e;
        }
        LOG.info("local Flink cluster for job '{}': web UI {}, TaskManager pids {}, logs {}", spec.jobName(),
                cluster.webInterfaceUrl(), cluster.taskManagerPids(), cluster.logLocation());
        return cluster;
    }

    private static Map<String, String> options(JobSpec spec, int restPort) {
        Map<String, String> options = new LinkedHashMap<>(ClusterSettings.forCluster(spec));
        options.put("rest.port", Integer.toString(restPort));
        options.put("rest.bind-port", Integer.toString(restPort));
        options.put("jobmanager.rpc.port", Integer.toString(FreePorts.next()));
        options.put("blob.server.port", Integer.toString(FreePorts.next()));
        options.put("taskmanager.rpc.port", "0");
        options.put("taskmanager.data.port", "0");
        int slots = ClusterSettings.slotsNeeded(spec);
        options.put("taskmanager.numberOfTaskSlots", Integer.toString(slots));
        options.put("taskmanager.cpu.cores", Integer.toString(slots));
        // Small enough for a 2-core test machine; every part set, as Flink's start scripts would.
        options.put("jobmanager.memory.heap.size", "160m");
        options.put("jobmanager.memory.off-heap.size", "32m");
        options.put("jobmanager.memory.jvm-metaspace.size", "160m");
        options.put("jobmanager.memory.jvm-overhead.min", "64m");
        options.put("jobmanager.memory.jvm-overhead.max", "64m");
        options.put("taskmanager.memory.framework.heap.size", "64m");
        options.put("taskmanager.memory.task.heap.size", (64 + 32 * slots) + "m");
        options.put("taskmanager.memory.framework.off-heap.size", "32m");
        options.put("taskmanager.memory.task.off-heap.size", "0m");
        options.put("taskmanager.memory.managed.size", "16m");
        options.put("taskmanager.memory.network.min", "64m");
        options.put("taskmanager.memory.network.max", "64m");
        options.put("taskmanager.memory.jvm-metaspace.size", "160m");
        options.put("taskmanager.memory.jvm-overhead.min", "64m");
        options.put("taskmanager.memory.jvm-overhead.max", "64m");
        // A lost TaskManager is noticed in seconds, not Flink's default 50.
        options.put("heartbeat.interval", "1000");
        options.put("heartbeat.timeout", "5000");
        options.put("web.submit.enable", "false");
        return options;
    }

    private static int heapMegabytes(Map<String, String> options) {
        return megabytes(options.get("taskmanager.memory.framework.heap.size"))
                + megabytes(options.get("taskmanager.memory.task.heap.size"));
    }

    private static int megabytes(String size) {
        return Integer.parseInt(size.substring(0, size.length() - 1));
    }

    private static void writeConfig(Path file, Map<String, String> options) {
        StringBuilder yaml = new StringBuilder("# generated by Weir for a local Flink cluster of one job\n");
        options.forEach((key, value) -> yaml.append(key).append(": '").append(value.replace("'", "''")).append("'\n"));
        try {
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static Process launch(Path directory, String name, String mainClass, String... jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.add("-XX:+UseSerialGC");
        command.add("-Dlog.file=" + directory.resolve("log").resolve(name + ".log"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ClusterProcess.class.getName());
        command.add(mainClass);
        command.add("--configDir");
        command.add(directory.resolve("conf").toString());
        File log = directory.resolve("log").resolve(name + ".log").toFile();
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local Flink cluster's " + name + ": " + e.getMessage(), e);
        }
    }

    private void awaitTaskManagers(int expected) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Configuration client = Configuration.fromMap(clientConfiguration());
        int registered = 0;
        try (RestClusterClient<String> rest = new RestClusterClient<>(client, "weir")) {
            while (System.nanoTime() < deadline) {
                checkAlive();
                try {
                    registered = rest.getClusterOverview().get(2, TimeUnit.SECONDS).getNumTaskManagersConnected();
                    if (registered >= expected) {
                        return;
                    }
                } catch (Exception notYet) {
                    // the JobManager's REST endpoint is not up yet
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the local Flink cluster started", e);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot reach the local Flink cluster at " + webInterfaceUrl() + ": " + e
                    + "; logs: " + logLocation(), e);
        }
        throw new IllegalStateException("the local Flink cluster did not start within " + START_TIMEOUT.toSeconds()
                + " s: " + registered + " of " + expected + " TaskManagers registered; logs: " + logLocation());
    }

    private void checkAlive() {
        if (!jobManager.isAlive()) {
            throw new IllegalStateException("the local Flink cluster's JobManager exited with code "
                    + jobManager.exitValue() + "; see " + directory.resolve("log").resolve("jobmanager.log"));
        }
        for (int i = 0; i < taskManagers.size(); i++) {
            if (!taskManagers.get(i).isAlive()) {
                throw new IllegalStateException("the local Flink cluster's TaskManager " + i + " exited with code "
                        + taskManagers.get(i).exitValue() + "; see "
                        + directory.resolve("log").resolve("taskmanager-" + i + ".log"));
            }
        }
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public Map<String, String> clientConfiguration() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("execution.target", "remote");
        options.put("rest.address", "127.0.0.1");
        options.put("rest.port", Integer.toString(restPort));
        return options;
    }

    @Override
    public String webInterfaceUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    @Override
    public List<Long> taskManagerPids() {
        return taskManagers.stream().map(Process::pid).toList();
    }

    /** The JobManager's process id. */
    public long jobManagerPid() {
        return jobManager.pid();
    }

    /** Every process of the cluster, JobManager first. */
    public List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(jobManager.toHandle());
        taskManagers.forEach(p -> all.add(p.toHandle()));
        return all;
    }

    @Override
    public String logLocation() {
        return directory.resolve("log").toString();
    }

    @Override
    public void keepLogs() {
        keepLogs = true;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopProcesses();
        if (keepLogs) {
            LOG.warn("the local Flink cluster's logs are kept in {}", logLocation());
        } else {
            deleteDirectory();
        }
    }

    private void stopProcesses() {
        destroy(jobManager, taskManagers);
    }

    private static void destroy(Process jobManager, List<Process> taskManagers) {
        List<Process> all = new ArrayList<>(taskManagers);
        if (jobManager != null) {
            all.add(jobManager);
        }
        all.forEach(Process::destroy);
        for (Process process : all) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private void deleteDirectory() {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("cannot delete {}", directory, e);
        }
    }
}
