package dev.weir.connector;

import dev.weir.api.RuntimeContext;
import dev.weir.api.connector.Sink;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects the records of a job run in this JVM, for tests and small local jobs. Each subtask
 * buffers its records and hands them over when it finishes, so {@link #results()} is complete
 * once {@code execute()} has returned; after a failure it holds what finished subtasks wrote.
 *
 * <pre>{@code
 * CollectSink<String> sink = new CollectSink<>();
 * stream.sinkTo(sink);
 * env.execute();
 * List<String> out = sink.results();
 * }</pre>
 *
 * <p>Local runs only: it relies on its subtasks sharing this JVM with the caller.
 */
public final class CollectSink<T> implements Sink<T> {
    /** Shared by all subtask copies of this sink (copies are shallow). */
    private final List<T> collected = Collections.synchronizedList(new ArrayList<>());
    private transient List<T> buffer;

    @Override
    public void open(RuntimeContext context) {
        buffer = new ArrayList<>();
    }

    @Override
    public void write(T value) {
        buffer.add(value);
    }

    @Override
    public void finish() {
        collected.addAll(buffer);
        buffer.clear();
    }

    /** A copy of everything collected so far, in each subtask's order (subtasks interleaved). */
    public List<T> results() {
        synchronized (collected) {
            return new ArrayList<>(collected);
        }
    }

    /** Forgets what was collected, to run the job again. */
    public void clear() {
        collected.clear();
    }
}
