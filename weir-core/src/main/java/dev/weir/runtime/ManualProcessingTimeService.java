package dev.weir.runtime;

import java.util.PriorityQueue;
import java.util.function.LongConsumer;

/** A clock moved by hand, for the operator test harness: timers fire inside {@link #advanceTo}. */
public final class ManualProcessingTimeService implements ProcessingTimeService {
    private record Pending(long timestamp, long sequence, LongConsumer callback) {
    }

    private final PriorityQueue<Pending> pending = new PriorityQueue<>((a, b) -> a.timestamp != b.timestamp
            ? Long.compare(a.timestamp, b.timestamp) : Long.compare(a.sequence, b.sequence));
    private long now;
    private long sequence;

    public ManualProcessingTimeService(long start) {
        this.now = start;
    }

    @Override
    public long currentTimeMillis() {
        return now;
    }

    @Override
    public void registerTimer(long timestamp, LongConsumer callback) {
        pending.add(new Pending(timestamp, sequence++, callback));
    }

    /** Moves the clock forward to {@code time}, firing every timer due on the way, in order. */
    public void advanceTo(long time) {
        if (time < now) {
            throw new IllegalArgumentException("processing time cannot go back from " + now + " to " + time);
        }
        while (!pending.isEmpty() && pending.peek().timestamp <= time) {
            Pending next = pending.poll();
            now = Math.max(now, next.timestamp);
            next.callback.accept(next.timestamp);
        }
        now = time;
    }

    public int pendingTimers() {
        return pending.size();
    }
}
