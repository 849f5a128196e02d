package dev.weir.web;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * The savepoints asked for over HTTP: checks that the target lies under the allowed directory, starts
 * the savepoint and keeps its future under a request id that the client polls. Bounded: past 100
 * requests the oldest is forgotten. Thread-safe.
 */
final class SavepointRequests {
    private static final int KEPT = 100;

    private final Path allowed;
    /** In the order they were made; the oldest is dropped past {@link #KEPT}. */
    private final Map<String, CompletableFuture<String>> requests = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<String>> eldest) {
                    return size() > KEPT;
                }
            });

    /** @param allowed the directory savepoints must lie under; null refuses every request */
    SavepointRequests(Path allowed) {
        this.allowed = allowed == null ? null : allowed.toAbsolutePath().normalize();
    }

    /**
     * The absolute target for {@code requested} (relative: under the allowed directory; null or empty:
     * the allowed directory itself).
     *
     * @throws IllegalArgumentException the target is not under the allowed directory, or none is configured
     */
    Path target(String requested) {
        if (allowed == null) {
            throw new IllegalArgumentException("savepoints over HTTP are off: no savepoint directory is configured "
                    + "(--savepoint-dir, or DashboardOptions.withSavepointDirectory)");
        }
        if (requested == null || requested.isBlank()) {
            return allowed;
        }
        Path target = allowed.resolve(requested).toAbsolutePath().normalize();
        if (!target.startsWith(allowed)) {
            throw new IllegalArgumentException("savepoint directory " + target + " is not under the allowed savepoint "
                    + "directory " + allowed + ": give a directory under " + allowed);
        }
        return target;
    }

    /** Starts {@code savepoint} into {@code target}; returns the request id to poll. */
    String start(Path target, Function<String, CompletableFuture<String>> savepoint) {
        String id = UUID.randomUUID().toString().replace("-", "");
        CompletableFuture<String> future;
        try {
            future = savepoint.apply(target.toString());
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        requests.put(id, future);
        return id;
    }

    /** The state of request {@code id}: status IN_PROGRESS, COMPLETED (with location) or FAILED (with failure); null if unknown. */
    Map<String, Object> status(String id) {
        CompletableFuture<String> future = requests.get(id);
        if (future == null) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request-id", id);
        if (!future.isDone()) {
            body.put("status", "IN_PROGRESS");
        } else {
            try {
                String location = future.join();
                body.put("status", "COMPLETED");
                body.put("location", location);
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                body.put("status", "FAILED");
                body.put("failure", String.valueOf(cause.getMessage() != null ? cause.getMessage() : cause));
            }
        }
        return body;
    }

}
