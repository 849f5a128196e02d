package dev.weir.kafka.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The broker of {@link LocalKafkaBroker} in a child JVM, for tests and benchmarks only, so that a
 * test can SIGKILL it ({@link #kill()}) and bring it back on the same data directory and ports
 * ({@link #startAgain()}): a real crash, with no graceful shutdown of the log.
 *
 * <p>The child runs {@code java -cp <this JVM's java.class.path> dev.weir.kafka.broker.LocalKafkaBroker
 * --dir D --port P --controller-port C [--config k=v]...}; its stdout and stderr are appended to
 * {@code dataDir/broker.log}, and it is ready once it has printed its {@code ready} line there. It
 * also stops when this JVM dies (its standard input closes), so no broker outlives a test run.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private static final long READY_TIMEOUT_MS = 60_000;
    private static final String READY_LINE = "ready bootstrap.servers=";

    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private Process process;

    private KafkaBrokerProcess(Path dataDir, int port, int controllerPort, Map<String, String> overrides) {
        this.dataDir = dataDir.toAbsolutePath();
        this.logFile = this.dataDir.resolve("broker.log");
        this.port = port;
        this.controllerPort = controllerPort;
        this.overrides = Map.copyOf(overrides);
    }

    /** Starts a broker in a child JVM on free 127.0.0.1 ports and waits until it is ready. */
    public static KafkaBrokerProcess start(Path dataDir) throws Exception {
        return start(dataDir, Map.of());
    }

    /** Like {@link #start(Path)}; each entry of {@code configOverrides} replaces or adds a broker config. */
    public static KafkaBrokerProcess start(Path dataDir, Map<String, String> configOverrides) throws Exception {
        int[] ports = LocalKafkaBroker.freePorts(2);
        KafkaBrokerProcess broker = new KafkaBrokerProcess(dataDir, ports[0], ports[1], configOverrides);
        broker.launch();
        return broker;
    }

    /** {@code "127.0.0.1:<port>"}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** SIGKILL ({@link Process#destroyForcibly()}) and waits for the exit. */
    public synchronized void kill() throws Exception {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** Graceful shutdown (SIGTERM) and waits for the exit; SIGKILL after 60 s. */
    public synchronized void stop() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    /** Starts the stopped or killed broker again on the same dataDir and ports; waits until ready. */
    public synchronized void startAgain() throws Exception {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("broker process " + process.pid() + " is still running; kill() or stop() it first");
        }
        launch();
    }

    /** The process id of the current (or last) child JVM. */
    public synchronized long pid() {
        return process.pid();
    }

    /** Kills the child if it is alive; keeps dataDir. */
    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void launch() throws Exception {
        Files.createDirectories(dataDir);
        long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                LocalKafkaBroker.class.getName(),
                "--dir", dataDir.toString(),
                "--port", Integer.toString(port),
                "--controller-port", Integer.toString(controllerPort),
                "--exit-on-stdin-eof"));
        overrides.forEach((key, value) -> {
            command.add("--config");
            command.add(key + "=" + value);
        });
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        awaitReady(logStart);
    }

    /** Waits for the ready line that the child appends to the log after {@code logStart}. */
    private void awaitReady(long logStart) throws Exception {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        while (!readyLineWritten(logStart)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker process exited with status " + process.exitValue()
                        + " before it was ready; see " + logFile);
            }
            if (System.currentTimeMillis() > deadline) {
                close();
                throw new IllegalStateException("Kafka broker process not ready after " + READY_TIMEOUT_MS / 1000
                        + " s (killed it); see " + logFile);
            }
            Thread.sleep(20);
        }
    }

    private boolean readyLineWritten(long logStart) throws IOException {
        byte[] log = Files.readAllBytes(logFile);
        int from = (int) Math.min(logStart, log.length);
        return new String(log, from, log.length - from, StandardCharsets.UTF_8).contains(READY_LINE);
    }
}
