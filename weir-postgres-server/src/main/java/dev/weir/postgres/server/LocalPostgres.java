package dev.weir.postgres.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server on 127.0.0.1, for tests and benchmarks only — never for production.
 *
 * <p>{@link #start()} runs {@code initdb} into a new temporary directory and starts {@code postgres}
 * on a free port of 127.0.0.1 (no Unix socket, no other interface), with one superuser
 * {@value #USER} whose random password {@link #password()} returns; connections over TCP need it
 * (scram-sha-256). The binaries are PostgreSQL's own, from Maven Central (see {@link PostgresBinaries}),
 * so nothing has to be installed. {@code max_prepared_transactions} is 64 unless the settings given
 * to {@link #start(Map)} say otherwise.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM is root (CI machines, containers) the server
 * runs as the unprivileged user {@code nobody} (through util-linux's {@code setpriv}); its files
 * live in a directory this class creates and owns, under {@code java.io.tmpdir}.
 *
 * <p>{@link #stop(Shutdown)} and {@link #startAgain()} keep the directory, the port and the data;
 * {@link Shutdown#IMMEDIATE} is PostgreSQL's crash-like stop (no checkpoint, WAL replay at the next
 * start). {@link #close()} stops the server (fast) and deletes its directory. A shutdown hook stops
 * a server the caller forgot; a {@code kill -9} of this JVM leaves it running, so tests close it.
 */
public final class LocalPostgres implements AutoCloseable {

    /** The superuser every server of this class has. */
    public static final String USER = "weir";
    /** How the server is stopped: PostgreSQL's fast (SIGINT) or immediate (SIGQUIT) shutdown. */
    public enum Shutdown { FAST, IMMEDIATE }

    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final int UNPRIVILEGED_ID = 65534; // nobody / nogroup on Debian

    private final Path home;
    private final Path dataDir;
    private final Path log;
    private final PostgresBinaries binaries;
    private final int port;
    private final String password;
    private final Map<String, String> settings;
    private final boolean asRoot;
    private final Thread shutdownHook;
    private Process server;

    private LocalPostgres(Path home, PostgresBinaries binaries, int port, Map<String, String> settings, boolean asRoot) {
        this.home = home;
        this.dataDir = home.resolve("data");
        this.log = home.resolve("postgres.log");
        this.binaries = binaries;
        this.port = port;
        this.password = randomPassword();
        this.settings = settings;
        this.asRoot = asRoot;
        this.shutdownHook = new Thread(() -> {
            try {
                stop(Shutdown.IMMEDIATE);
            } catch (Exception ignored) {
                // the JVM is going away; nothing more to do
            }
        }, "weir-local-postgres-shutdown");
    }

    /** Initialises a new data directory and starts a server with the default settings. */
    public static LocalPostgres start() throws IOException {
        return start(Map.of());
    }

    /**
     * Like {@link #start()}; each entry of {@code settings} is a server setting ({@code -c name=value}),
     * replacing the default of the same name.
     */
    public static LocalPostgres start(Map<String, String> settings) throws IOException {
        Map<String, String> effective = new LinkedHashMap<>();
        effective.put("max_prepared_transactions", "64");
        effective.put("max_connections", "100");
        effective.putAll(settings);
        effective.put("listen_addresses", HOST);
        effective.put("unix_socket_directories", "");
        boolean asRoot = isRoot();
        Path home = Files.createTempDirectory("weir-postgres-");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx--x--x"));
        LocalPostgres postgres = new LocalPostgres(home, PostgresBinaries.extracted(), freePort(), effective, asRoot);
        try {
            postgres.initdb();
            postgres.startServer();
        } catch (IOException | RuntimeException e) {
            postgres.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(postgres.shutdownHook);
        return postgres;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres}. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /** The URL of database {@code database} of this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    /** The superuser's password (random per server). */
    public String password() {
        return password;
    }

    /** What the server printed so far (its log), for failure messages of tests. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Starts the server again after {@link #stop}, on the same data, port and password. */
    public synchronized void startAgain() throws IOException {
        if (server != null && server.isAlive()) {
            throw new IllegalStateException("the PostgreSQL server on port " + port + " is running");
        }
        startServer();
    }

    /** Stops the server and waits until its process has ended; nothing happens if it is not running. */
    public synchronized void stop(Shutdown mode) throws IOException {
        if (server == null || !server.isAlive()) {
            return;
        }
        signal(server.pid(), mode == Shutdown.FAST ? "INT" : "QUIT");
        try {
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IOException("PostgreSQL on port " + port + " did not stop within 60 s (" + mode
                        + "); killed. Its log: " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping PostgreSQL", e);
        }
    }

    /** {@link #stop} then {@link #startAgain()}. */
    public void restart(Shutdown mode) throws IOException {
        stop(mode);
        startAgain();
    }

    /** Stops the server (fast) and deletes its directory. */
    @Override
    public void close() throws IOException {
        try {
            stop(Shutdown.FAST);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException | IllegalArgumentException notRegisteredOrExiting) {
                // fine either way
            }
            deleteTree(home);
        }
    }

    /**
     * Runs a server in the foreground until this JVM is stopped, printing how to reach it; for
     * benchmarks that talk to PostgreSQL from other processes. Arguments: {@code name=value} settings.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("arguments are server settings name=value, got '" + arg + "'");
            }
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        try (LocalPostgres postgres = start(settings)) {
            System.out.println("postgres " + postgres.jdbcUrl() + " user " + USER + " password " + postgres.password());
            System.out.flush();
            Thread.currentThread().join();
        }
    }

    private void initdb() throws IOException {
        Files.createDirectories(dataDir);
        Path passwordFile = home.resolve("password");
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        if (asRoot) {
            handOver(dataDir);
            handOver(passwordFile);
        }
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        List<String> command = command(binaries.initdb().toString(), "-D", dataDir.toString(), "-U", USER,
                "--pwfile=" + passwordFile, "--auth-host=scram-sha-256", "--auth-local=reject", "-E", "UTF8",
                "--no-locale", "--no-sync");
        Path initLog = home.resolve("initdb.log");
        Process initdb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(initLog.toFile()).start();
        try {
            if (!initdb.waitFor(120, TimeUnit.SECONDS) || initdb.exitValue() != 0) {
                initdb.destroyForcibly();
                throw new IOException("initdb of " + dataDir + " failed: " + Files.readString(initLog));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during initdb", e);
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    private void startServer() throws IOException {
        List<String> command = new ArrayList<>(command(binaries.postgres().toString(), "-D", dataDir.toString(),
                "-p", Integer.toString(port)));
        settings.forEach((name, value) -> {
            command.add("-c");
            command.add(name + "=" + value);
        });
        if (!Files.exists(log)) {
            Files.createFile(log);
        }
        server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        awaitReady();
    }

    /** The postmaster writes "ready" into postmaster.pid once it accepts connections. */
    private void awaitReady() throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IOException("PostgreSQL on port " + port + " exited with code " + server.exitValue()
                        + " while starting: " + tail(log()));
            }
            try {
                List<String> lines = Files.readAllLines(pidFile);
                if (lines.size() >= 8 && lines.get(0).trim().equals(Long.toString(server.pid()))
                        && lines.get(7).trim().equals("ready")) {
                    return;
                }
            } catch (IOException notYetWritten) {
                // written by the server while it starts
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while PostgreSQL starts", e);
            }
        }
        server.destroyForcibly();
        throw new IOException("PostgreSQL on port " + port + " was not ready within " + READY_TIMEOUT.toSeconds()
                + " s: " + tail(log()));
    }

    private List<String> command(String... arguments) {
        List<String> command = new ArrayList<>();
        if (asRoot) {
            command.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED_ID, "--regid=" + UNPRIVILEGED_ID,
                    "--clear-groups", "--"));
        }
        command.addAll(List.of(arguments));
        return command;
    }

    private static void signal(long pid, String signal) throws IOException {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).redirectErrorStream(true).start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling PostgreSQL", e);
        }
    }

    private static void handOver(Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", UNPRIVILEGED_ID);
        Files.setAttribute(path, "unix:gid", UNPRIVILEGED_ID);
    }

    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
