package dev.weir.api.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The {@link Counter} {@link MetricGroup#counter(String)} makes: one writer (the task thread that
 * runs the function), any number of readers. A write is an opaque store, no lock and no fence, so
 * counting costs about what a plain field does; a reader on another thread sees a recent value,
 * never a torn one.
 */
public class SimpleCounter implements Counter {
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(SimpleCounter.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long count;

    @Override
    public void inc() {
        COUNT.setOpaque(this, count + 1);
    }

    @Override
    public void inc(long n) {
        COUNT.setOpaque(this, count + n);
    }

    @Override
    public void dec() {
        COUNT.setOpaque(this, count - 1);
    }

    @Override
    public void dec(long n) {
        COUNT.setOpaque(this, count - n);
    }

    @Override
    public long getCount() {
        return (long) COUNT.getOpaque(this);
    }
}
