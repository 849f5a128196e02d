package dev.weir.kafka.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real, single-node Apache Kafka broker (KRaft combined mode: broker and controller in one
 * node) running inside this JVM, for tests and benchmarks only — never for production.
 *
 * <p>{@link #start(Path)} formats {@code dataDir} if it is not formatted yet (the same code path
 * as {@code kafka-storage.sh format --standalone --ignore-formatted}), starts the server on two
 * free ports of 127.0.0.1 and returns once the broker is registered and serves requests. Nothing
 * binds to any other interface. {@link #restart()} brings the node back on the same directory
 * and the same ports, so clients keep their {@code bootstrap.servers}. The effective
 * configuration is written to {@code dataDir/server.properties} for reference.
 *
 * <p>{@link #main(String[])} runs the broker in the foreground; {@link KafkaBrokerProcess} uses
 * it to run the broker in a child JVM that a test can SIGKILL.
 *
 * <p>{@code KafkaRaftServer}, {@code KafkaConfig} and {@code StorageTool} are Kafka server
 * internals, not public API: they change between releases, which is why this module pins
 * {@code kafka_2.13} to exactly 4.4.0. Kafka's own {@code KafkaClusterTestKit} is not used
 * because it binds to all interfaces and enables unstable API versions.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> config;
    private KafkaRaftServer server;
    private Admin admin;

    private LocalKafkaBroker(Path dataDir, int port, int controllerPort, Map<String, String> overrides) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
        this.config = defaultConfig(this.dataDir, port, controllerPort);
        this.config.putAll(overrides);
    }

    /** Formats dataDir if needed and starts an in-process KRaft broker+controller on free 127.0.0.1 ports; returns when it accepts requests (Admin describeCluster works). */
    public static LocalKafkaBroker start(Path dataDir) throws Exception {
        return start(dataDir, Map.of());
    }

    /** Like {@link #start(Path)}; each entry of {@code configOverrides} replaces or adds a broker config. */
    public static LocalKafkaBroker start(Path dataDir, Map<String, String> configOverrides) throws Exception {
        int[] ports = freePorts(2);
        return start(dataDir, ports[0], ports[1], configOverrides);
    }

    static LocalKafkaBroker start(Path dataDir, int port, int controllerPort, Map<String, String> overrides)
            throws Exception {
        LocalKafkaBroker broker = new LocalKafkaBroker(dataDir, port, controllerPort, overrides);
        broker.startServer();
        return broker;
    }

    /** {@code "127.0.0.1:<port>"}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** Creates a topic with replication factor 1 and waits until every partition accepts writes. */
    public void createTopic(String name, int partitions) throws Exception {
        if (admin == null) {
            throw new IllegalStateException("broker is stopped");
        }
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        // createTopics completes on the controller; wait until every partition's leader answers, or the
        // first writes get NOT_LEADER_OR_FOLLOWER and an idempotent producer can stall until its timeout.
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new org.apache.kafka.common.TopicPartition(name, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                admin.describeTopics(List.of(name)).allTopicNames().get(10, TimeUnit.SECONDS);
                admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    /** Graceful shutdown; keeps dataDir. Does nothing if already stopped. */
    public synchronized void stop() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Stops (if running) and starts again on the same dataDir and the same ports. */
    public synchronized void restart() throws Exception {
        stop();
        startServer();
    }

    /** Stops; does not delete dataDir. */
    @Override
    public void close() {
        stop();
    }

    private synchronized void startServer() throws Exception {
        Files.createDirectories(dataDir);
        Properties props = new Properties();
        props.putAll(config);
        Path configFile = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            props.store(out, "written by " + LocalKafkaBroker.class.getName() + " on every start");
        }
        format(configFile);
        KafkaRaftServer raftServer = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        try {
            raftServer.startup();
        } catch (RuntimeException e) {
            raftServer.shutdown();
            throw e;
        }
        server = raftServer;
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "weir-local-kafka-broker"));
        try {
            awaitRegistered();
        } catch (Exception e) {
            stop();
            throw e;
        }
    }

    /**
     * {@code kafka-storage format --standalone --ignore-formatted}: formats the directories that are
     * not formatted yet. It insists on the cluster id of those that are, so that id is reused.
     */
    private void format(Path configFile) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(new String[] {
                    "format", "--config", configFile.toString(), "--cluster-id", existingClusterId(),
                    "--standalone", "--ignore-formatted"}, out);
        }
        if (status != 0) {
            throw new IOException("kafka-storage format failed (" + status + "): " + output.toString(StandardCharsets.UTF_8));
        }
    }

    /** The cluster.id in the meta.properties of a formatted log directory, or a new id. */
    private String existingClusterId() throws IOException {
        String dirs = config.getOrDefault("log.dirs", "") + "," + config.getOrDefault("metadata.log.dir", "");
        for (String dir : dirs.split(",")) {
            Path meta = Path.of(dir.trim(), "meta.properties");
            if (!dir.isBlank() && Files.isRegularFile(meta)) {
                Properties props = new Properties();
                try (InputStream in = Files.newInputStream(meta)) {
                    props.load(in);
                }
                String id = props.getProperty("cluster.id");
                if (id != null) {
                    return id;
                }
            }
        }
        return Uuid.randomUuid().toString();
    }

    /** describeCluster lists only registered, unfenced brokers; before that createTopics would fail. */
    private void awaitRegistered() throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).nodes().get().isEmpty()) {
                    return;
                }
            } catch (ExecutionException e) {
                last = e;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("Kafka broker at " + bootstrapServers() + " (dataDir " + dataDir
                + ") not ready after " + READY_TIMEOUT.toSeconds() + " s", last);
    }

    private static Map<String, String> defaultConfig(Path dataDir, int port, int controllerPort) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("process.roles", "broker,controller");
        c.put("node.id", "1");
        c.put("controller.quorum.bootstrap.servers", HOST + ":" + controllerPort);
        c.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        c.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        c.put("controller.listener.names", "CONTROLLER");
        c.put("inter.broker.listener.name", "PLAINTEXT");
        c.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        c.put("log.dirs", dataDir.resolve("logs").toString());
        c.put("num.partitions", "1");
        c.put("default.replication.factor", "1");
        c.put("min.insync.replicas", "1");
        c.put("auto.create.topics.enable", "false");
        c.put("offsets.topic.replication.factor", "1");
        c.put("offsets.topic.num.partitions", "1");
        c.put("transaction.state.log.replication.factor", "1");
        c.put("transaction.state.log.min.isr", "1");
        c.put("transaction.state.log.num.partitions", "1");
        c.put("share.coordinator.state.topic.replication.factor", "1");
        c.put("share.coordinator.state.topic.min.isr", "1");
        c.put("share.coordinator.state.topic.num.partitions", "1");
        c.put("group.initial.rebalance.delay.ms", "0");
        c.put("log.cleaner.dedupe.buffer.size", "2097152"); // the default takes 128 MiB of heap
        // After a crash the controller keeps the old broker session alive for this long and refuses
        // the new registration until it expires (9 s by default): shorter, so a killed broker is
        // back in about 3 s plus its start time, but not so short that a busy machine fences it.
        c.put("broker.session.timeout.ms", "3000");
        c.put("broker.heartbeat.interval.ms", "1000");
        return c;
    }

    /** Distinct free ports on the loopback address (free when probed; a race with other processes is possible but rare). */
    static int[] freePorts(int n) throws IOException {
        ServerSocket[] sockets = new ServerSocket[n];
        int[] ports = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
        return ports;
    }

    /**
     * Runs a broker in the foreground until SIGTERM:
     * {@code --dir D --port P --controller-port C [--config k=v]... [--exit-on-stdin-eof]}.
     * Prints {@code ready bootstrap.servers=127.0.0.1:<port>} once it serves requests. With
     * {@code --exit-on-stdin-eof} it also stops when its standard input closes, which is how a
     * child started by {@link KafkaBrokerProcess} follows its parent's death.
     */
    public static void main(String[] args) throws Exception {
        Path dir = null;
        int port = -1;
        int controllerPort = -1;
        boolean exitOnStdinEof = false;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--controller-port" -> controllerPort = Integer.parseInt(args[++i]);
                case "--config" -> {
                    String kv = args[++i];
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--config expects key=value, got " + kv);
                    }
                    overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                case "--exit-on-stdin-eof" -> exitOnStdinEof = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: "
                        + "--dir D [--port P] [--controller-port C] [--config k=v]... [--exit-on-stdin-eof]");
            }
        }
        if (dir == null) {
            throw new IllegalArgumentException("--dir is required");
        }
        int[] free = freePorts(2);
        LocalKafkaBroker broker;
        try {
            broker = start(dir, port > 0 ? port : free[0], controllerPort > 0 ? controllerPort : free[1], overrides);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1); // Kafka's non-daemon threads could otherwise keep a failed broker alive
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.stop();
            stopped.countDown();
        }, "weir-kafka-broker-shutdown"));
        System.out.println("ready bootstrap.servers=" + broker.bootstrapServers());
        System.out.flush();
        if (exitOnStdinEof) {
            Thread watcher = new Thread(() -> {
                try {
                    System.in.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // closed or broken: the parent is gone either way
                }
                System.exit(0);
            }, "weir-kafka-broker-stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        stopped.await();
    }
}
