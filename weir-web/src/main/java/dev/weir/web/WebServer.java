package dev.weir.web;

import com.sun.net.httpserver.HttpServer;
import dev.weir.api.JobClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API and dashboard of running jobs, served over HTTP by the JDK's
 * {@code com.sun.net.httpserver} (no further dependency; the dashboard polls, a small server is
 * enough). An embedding application starts it with the job's client:
 *
 * <pre>{@code
 * JobClient job = env.executeAsync();
 * try (WebServer web = WebServer.start(job, DashboardOptions.defaults().withSavepointDirectory(dir))) {
 *     System.out.println("dashboard: " + web.url());
 *     job.awaitResult();
 * }
 * }</pre>
 *
 * <p><b>Endpoints</b> (JSON unless said otherwise): {@code GET /api/jobs}; {@code GET
 * /api/jobs/{id}/graph}, {@code /operators}, {@code /checkpoints}, {@code /exceptions}; {@code GET
 * /metrics} (Prometheus text); {@code POST /api/jobs/{id}/savepoints} and {@code POST
 * /api/jobs/{id}/stop} (202 Accepted with a {@code request-id} and a {@code status-url}, polled with
 * {@code GET /api/jobs/{id}/savepoints/{request-id}} until {@code COMPLETED} with the savepoint's
 * {@code location}, or {@code FAILED}); {@code GET /} the dashboard page.
 *
 * <p><b>Threads.</b> Requests are served by two daemon threads of the server's own; they read the
 * snapshots and counters the runtime keeps for any thread and never wait for a task thread. A
 * savepoint request returns at once; the savepoint completes on the job's threads.
 *
 * <p><b>Address.</b> Binds 127.0.0.1 unless {@link DashboardOptions#bindAddress()} says otherwise (then it
 * logs a warning: the API can stop the job). When the port is busy, the next ports are tried, up to
 * {@link DashboardOptions#portAttempts()}. {@link #close()} stops the server (not the job).
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    private final HttpServer server;
    private final ExecutorService threads;
    private final URI url;

    private WebServer(HttpServer server, ExecutorService threads, URI url) {
        this.server = server;
        this.threads = threads;
        this.url = url;
    }

    /**
     * Starts serving {@code job}.
     *
     * @throws UncheckedIOException no port of the range was free (the message names the range and
     *                              the option to change it), or the address cannot be bound
     */
    public static WebServer start(JobClient job, DashboardOptions options) {
        JobMonitor monitor = new JobMonitor(job);
        InetAddress address;
        try {
            address = InetAddress.getByName(options.bindAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve the HTTP bind address '" + options.bindAddress() + "'", e);
        }
        if (!address.isLoopbackAddress()) {
            LOG.warn("the REST API and dashboard listen on {}, not only on this machine: anyone who reaches it can "
                    + "trigger savepoints and stop the job", address.getHostAddress());
        }
        HttpServer server = bind(address, options);
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "weir-web-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        ApiHandler api = new ApiHandler(monitor, new SavepointRequests(options.savepointDirectory()));
        server.createContext("/api/", api);
        server.createContext("/metrics", api::metrics);
        server.createContext("/", new StaticFiles());
        server.start();
        String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress();
        URI url = URI.create("http://" + host + ":" + server.getAddress().getPort() + "/");
        LOG.info("REST API and dashboard of job '{}' at {}", job.getJobName(), url);
        return new WebServer(server, threads, url);
    }

    private static HttpServer bind(InetAddress address, DashboardOptions options) {
        int attempts = options.port() == 0 ? 1 : options.portAttempts();
        int last = Math.min(65535, options.port() + attempts - 1);
        for (int port = options.port(); port <= last; port++) {
            try {
                return HttpServer.create(new InetSocketAddress(address, port), 0);
            } catch (BindException busy) {
                LOG.debug("HTTP port {} is busy, trying the next", port);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + address.getHostAddress() + ":" + port, e);
            }
        }
        throw new UncheckedIOException(new BindException("no free HTTP port on " + address.getHostAddress()
                + " in " + options.port() + ".." + last + ": give another with --http-port (0 = any free port)"));
    }

    /** The dashboard's address, e.g. {@code http://127.0.0.1:8081/}; the API is under {@code api/}. */
    public URI url() {
        return url;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops serving (at most a second for requests in flight); the job runs on. */
    @Override
    public void close() {
        server.stop(1);
        threads.shutdownNow();
    }
}
