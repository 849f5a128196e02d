package dev.weir.flink.window;

import dev.weir.api.connector.Sink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the test programs emit, by run id: a sink writes each record straight into this JVM's queue of its run
 * (the test runs Flink in this JVM), so nothing depends on when a sink flushes.
 */
public final class Results {

    private static final Map<String, Queue<String>> RUNS = new ConcurrentHashMap<>();

    private Results() {
    }

    public static Sink<String> sink(String runId) {
        return new QueueSink(runId);
    }

    /** The records of {@code runId}, sorted (subtasks interleave their output). */
    public static List<String> sorted(String runId) {
        List<String> records = new ArrayList<>(RUNS.getOrDefault(runId, new ConcurrentLinkedQueue<>()));
        records.sort(null);
        return records;
    }

    /** Appends each record to its run's queue. */
    private record QueueSink(String runId) implements Sink<String> {
        @Override
        public void write(String value) {
            RUNS.computeIfAbsent(runId, id -> new ConcurrentLinkedQueue<>()).add(value);
        }
    }
}
