package dev.weir.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON endpoints under {@code /api/} and the Prometheus text at {@code /metrics} (see
 * {@link WebServer} for the list). Errors are JSON too: {@code {"errors": ["what went wrong and what
 * to do"]}} with 400 (a bad request), 403 (a POST from another site's page), 404 (no such job or path) or 405
 * (wrong method), as Flink's REST API answers. Called on the server's threads; reads snapshots only.
 */
final class ApiHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobMonitor job;
    private final SavepointRequests savepoints;

    ApiHandler(JobMonitor job, SavepointRequests savepoints) {
        this.job = job;
        this.savepoints = savepoints;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                route(exchange);
            } catch (BadRequest e) {
                error(exchange, e.status, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("REST request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                error(exchange, 500, "internal error: " + e);
            }
        }
    }

    /** {@code GET /metrics}: every metric of the job in Prometheus' text format 0.0.4. */
    void metrics(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                error(exchange, 405, "use GET /metrics");
                return;
            }
            send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                    job.prometheus().getBytes(StandardCharsets.UTF_8));
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (method.equals("POST")) {
            refuseOtherOrigins(exchange);
        }
        List<String> path = List.of(exchange.getRequestURI().getPath().replaceAll("^/api/|/$", "").split("/"));
        if (path.size() == 1 && path.get(0).equals("jobs")) {
            expect(method, "GET", exchange);
            json(exchange, 200, Map.of("jobs", List.of(overview())));
            return;
        }
        if (path.size() < 2 || !path.get(0).equals("jobs")) {
            throw new BadRequest(404, "no endpoint " + exchange.getRequestURI().getPath() + ": the API has /api/jobs "
                    + "and /api/jobs/{id}/(graph|operators|checkpoints|exceptions|savepoints|stop)");
        }
        String id = path.get(1);
        if (!id.equals(job.id())) {
            throw new BadRequest(404, "no job with id " + id + ": this server runs job " + job.id() + " ('"
                    + job.name() + "'; GET /api/jobs lists it)");
        }
        String resource = path.size() > 2 ? path.get(2) : "";
        switch (resource) {
            case "" -> {
                expect(method, "GET", exchange);
                json(exchange, 200, overview());
            }
            case "graph" -> {
                expect(method, "GET", exchange);
                json(exchange, 200, job.graph());
            }
            case "operators" -> {
                expect(method, "GET", exchange);
                json(exchange, 200, Map.of("operators", job.operators(), "job", job.jobMetrics()));
            }
            case "checkpoints" -> {
                expect(method, "GET", exchange);
                json(exchange, 200, Map.of("checkpoints", job.checkpoints()));
            }
            case "exceptions" -> {
                expect(method, "GET", exchange);
                json(exchange, 200, Map.of("exceptions", job.exceptions()));
            }
            case "savepoints" -> {
                if (path.size() == 4) {
                    expect(method, "GET", exchange);
                    Map<String, Object> status = savepoints.status(path.get(3));
                    if (status == null) {
                        throw new BadRequest(404, "no savepoint request " + path.get(3) + " (requests are kept "
                                + "while this server runs, the last 100)");
                    }
                    json(exchange, 200, status);
                } else {
                    expect(method, "POST", exchange);
                    startSavepoint(exchange, job::triggerSavepoint);
                }
            }
            case "stop" -> {
                expect(method, "POST", exchange);
                startSavepoint(exchange, job::stopWithSavepoint);
            }
            default -> throw new BadRequest(404, "no endpoint " + exchange.getRequestURI().getPath()
                    + ": a job has graph, operators, checkpoints, exceptions, savepoints and stop");
        }
    }

    private Map<String, Object> overview() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", job.id());
        body.put("name", job.name());
        body.put("status", job.status());
        body.put("startTime", job.startTimestamp());
        body.put("uptimeMs", job.uptimeMs());
        return body;
    }

    /** Answers 202 with the request id and where to poll it; the savepoint goes on without the request. */
    private void startSavepoint(HttpExchange exchange, Function<String, CompletableFuture<String>> savepoint)
            throws IOException {
        Path target;
        try {
            target = savepoints.target(targetDirectory(exchange));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, e.getMessage());
        }
        String requestId = savepoints.start(target, savepoint);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request-id", requestId);
        body.put("target-directory", target.toString());
        body.put("status-url", "/api/jobs/" + job.id() + "/savepoints/" + requestId);
        exchange.getResponseHeaders().set("Location", (String) body.get("status-url"));
        json(exchange, 202, body);
    }

    /**
     * The target directory of a savepoint request: the query parameter {@code target-directory}, else the
     * JSON body's {@code target-directory} or {@code targetDirectory} (Flink's names for the savepoint and the
     * stop request); null when none is given.
     */
    private static String targetDirectory(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (name.equals("target-directory") || name.equals("targetDirectory")) {
                    return URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
        }
        byte[] body = exchange.getRequestBody().readNBytes(64 * 1024);
        if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest(400, "the request body is not JSON (" + e.getOriginalMessage()
                    + "): send {\"target-directory\": \"DIR\"} or nothing");
        }
        JsonNode dir = json.has("target-directory") ? json.get("target-directory") : json.get("targetDirectory");
        return dir == null || dir.isNull() ? null : dir.asText();
    }

    /**
     * A browser sends {@code Origin} with a POST; one from another site's page (a page the user opened that
     * posts to 127.0.0.1) must not take savepoints or stop the job. Clients that are not browsers send none.
     */
    private static void refuseOtherOrigins(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (origin != null && (host == null || !origin.equals("http://" + host))) {
            throw new BadRequest(403, "POST from the page of another site (" + origin + ") refused: use the "
                    + "dashboard at http://" + host + "/ or a client that is not a browser");
        }
    }

    private static void expect(String method, String allowed, HttpExchange exchange) {
        if (!method.equals(allowed)) {
            exchange.getResponseHeaders().set("Allow", allowed);
            throw new BadRequest(405, "use " + allowed + " " + exchange.getRequestURI().getPath() + ", not " + method);
        }
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        json(exchange, status, Map.of("errors", List.of(message)));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** A request the API refuses, with the HTTP status to answer. */
    private static final class BadRequest extends RuntimeException {
        final int status;

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
