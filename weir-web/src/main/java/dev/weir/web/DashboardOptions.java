package dev.weir.web;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How {@link WebServer} serves a job: the address and port it binds, how many ports upward it tries
 * when the port is busy, and the directory savepoints requested over HTTP must lie under.
 *
 * <p>Immutable; the {@code with...} methods return a changed copy. {@link #defaults()} binds
 * 127.0.0.1:8081 (Flink's port), tries up to 20 ports upward, and refuses savepoint requests until a
 * savepoint directory is set.
 *
 * @param bindAddress        the address to listen on; anything but a loopback address is logged as a warning
 * @param port               the first port tried; 0 lets the system choose a free one
 * @param portAttempts       how many consecutive ports are tried, from {@code port} upward, while they are busy
 * @param savepointDirectory the only directory (and its subdirectories) a savepoint may be written to over
 *                           HTTP; null refuses every savepoint request
 */
public record DashboardOptions(String bindAddress, int port, int portAttempts, Path savepointDirectory) {

    /** The port Flink's web UI uses; a Flink user looks there first. */
    public static final int DEFAULT_PORT = 8081;
    public static final String LOOPBACK = "127.0.0.1";

    public DashboardOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("HTTP port must be 0 (any free port) or 1..65535, got " + port);
        }
        if (portAttempts < 1) {
            throw new IllegalArgumentException("portAttempts must be at least 1, got " + portAttempts);
        }
    }

    /** 127.0.0.1:8081, 20 ports tried, no savepoint directory. */
    public static DashboardOptions defaults() {
        return new DashboardOptions(LOOPBACK, DEFAULT_PORT, 20, null);
    }

    public DashboardOptions withPort(int port) {
        return new DashboardOptions(bindAddress, port, portAttempts, savepointDirectory);
    }

    public DashboardOptions withBindAddress(String address) {
        return new DashboardOptions(address, port, portAttempts, savepointDirectory);
    }

    public DashboardOptions withPortAttempts(int attempts) {
        return new DashboardOptions(bindAddress, port, attempts, savepointDirectory);
    }

    public DashboardOptions withSavepointDirectory(Path directory) {
        return new DashboardOptions(bindAddress, port, portAttempts, directory);
    }
}
