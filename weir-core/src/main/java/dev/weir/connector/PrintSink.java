package dev.weir.connector;

import dev.weir.api.RuntimeContext;
import dev.weir.api.connector.Sink;
import java.io.PrintStream;

/** Prints each record on standard output, as {@code "n> record"} when the sink runs in parallel. */
public final class PrintSink<T> implements Sink<T> {
    private transient String prefix;
    private transient PrintStream out;

    @Override
    public void open(RuntimeContext context) {
        prefix = context.getTaskInfo().getNumberOfParallelSubtasks() > 1
                ? (context.getTaskInfo().getIndexOfThisSubtask() + 1) + "> " : "";
        out = System.out;
    }

    @Override
    public void write(T value) {
        out.println(prefix + value);
    }

    @Override
    public void finish() {
        out.flush();
    }
}
