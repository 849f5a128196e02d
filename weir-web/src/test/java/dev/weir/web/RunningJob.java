package dev.weir.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.api.JobClient;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.api.typeinfo.Types;
import dev.weir.api.Collector;
import dev.weir.connector.datagen.DataGeneratorSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real running job for the web tests, counts-like and rate-limited so that it runs until stopped:
 * generator (seq, 4000 records/s) → keyBy(seq % 100) → running count in keyed state → sink, parallelism 2,
 * a checkpoint every 200 ms, with its {@link WebServer} on a free port and savepoints allowed under
 * {@code savepoints/} of the test's directory.
 */
final class RunningJob implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final JobClient client;
    final WebServer web;
    final Path savepoints;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningJob(JobClient client, WebServer web, Path savepoints) {
        this.client = client;
        this.web = web;
        this.savepoints = savepoints;
    }

    static RunningJob start(Path dir, String name) {
        return start(dir, name, false);
    }

    /** With {@code failOnce}, the count operator fails once at its 500th record and the job restarts. */
    static RunningJob start(Path dir, String name, boolean failOnce) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (failOnce) {
            env.setRestartStrategy(dev.weir.api.RestartStrategy.fixedDelay(1, Duration.ofMillis(100)));
        }
        env.setParallelism(2);
        env.enableCheckpointing(200);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        env.fromSource(new DataGeneratorSource<>(seq -> seq, Long.MAX_VALUE, RateLimiterStrategy.perSecond(4000),
                        Types.LONG), WatermarkStrategy.<Long>forMonotonousTimestamps()
                        .withTimestampAssigner((seq, previous) -> seq), "generator").uid("generator")
                .keyBy(seq -> seq % 100)
                .process(new RunningCount(failOnce ? dir.resolve("failed-once") : null)).name("count").uid("count")
                .sinkTo(count -> { }).name("discard").uid("discard");
        JobClient client = env.executeAsync(name);
        Path savepoints = dir.resolve("savepoints");
        WebServer web = WebServer.start(client, DashboardOptions.defaults().withPort(0).withSavepointDirectory(savepoints));
        return new RunningJob(client, web, savepoints);
    }

    /** Counts the records of each key. */
    static final class RunningCount extends KeyedProcessFunction<Long, Long, Long> {
        /** Fails the first attempt once this file does not exist yet (creates it); null: never fails. */
        private final Path failOnceMarker;
        private transient ValueState<Long> count;
        private transient long seen;

        RunningCount(Path failOnceMarker) {
            this.failOnceMarker = failOnceMarker;
        }

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(Long seq, Context context, Collector<Long> out) throws Exception {
            if (failOnceMarker != null && ++seen == 500) {
                try {
                    java.nio.file.Files.createFile(failOnceMarker);
                    throw new IllegalStateException("injected failure at the 500th record");
                } catch (java.nio.file.FileAlreadyExistsException failedBefore) {
                    // the restarted run goes on
                }
            }
            long next = (count.value() == null ? 0 : count.value()) + 1;
            count.update(next);
            out.collect(next);
        }
    }

    String id() throws IOException, InterruptedException {
        return get("/api/jobs").body().get("jobs").get(0).get("id").asText();
    }

    Response get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(web.url().resolve(path)).GET().build());
    }

    Response post(String path, String jsonBody) throws IOException, InterruptedException {
        return post(path, jsonBody, null);
    }

    /** A POST as a browser's page at {@code origin} sends it (null: as a client that is not a browser). */
    Response post(String path, String jsonBody, String origin) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(web.url().resolve(path));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return send(request.header("Content-Type", "application/json")
                .POST(jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody)).build());
    }

    String text(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(web.url().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/json")) {
            throw new AssertionError(request.uri() + " answered " + type + ", not JSON: " + response.body());
        }
        return new Response(response.statusCode(), JSON.readTree(response.body()));
    }

    /** Polls the savepoint request at {@code statusUrl} until it is no longer in progress (at most 30 s). */
    JsonNode awaitSavepoint(String statusUrl) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode status = get(statusUrl).body();
            if (!status.get("status").asText().equals("IN_PROGRESS") || System.nanoTime() > deadline) {
                return status;
            }
            Thread.sleep(100);
        }
    }

    record Response(int status, JsonNode body) {
    }

    @Override
    public void close() {
        web.close();
        client.cancel();
        try {
            client.awaitResult(Duration.ofSeconds(20));
        } catch (Exception e) {
            throw new IllegalStateException("job did not stop", e);
        }
    }
}
