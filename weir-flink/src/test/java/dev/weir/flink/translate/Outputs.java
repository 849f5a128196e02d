package dev.weir.flink.translate;

import dev.weir.api.connector.Sink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The outputs of test programs in this JVM, by name: a Weir sink ({@link #sink}) appending each record's text. */
final class Outputs {

    private static final Map<String, Queue<String>> QUEUES = new ConcurrentHashMap<>();

    private Outputs() {
    }

    static Queue<String> queue(String name) {
        return QUEUES.computeIfAbsent(name, n -> new ConcurrentLinkedQueue<>());
    }

    /** What was written to {@code name}, and forgets it. */
    static List<String> take(String name) {
        Queue<String> queue = QUEUES.remove(name);
        return queue == null ? List.of() : new ArrayList<>(queue);
    }

    static <T> Sink<T> sink(String name) {
        return new QueueSink<>(name);
    }

    /** The Weir sink of a test program: appends to the queue {@code name}. */
    record QueueSink<T>(String name) implements Sink<T> {
        @Override
        public void write(T value) {
            queue(name).add(String.valueOf(value));
        }
    }
}
