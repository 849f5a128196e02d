package dev.weir.connector;

import dev.weir.api.Collector;
import dev.weir.api.connector.Source;
import dev.weir.api.connector.SourceContext;
import dev.weir.api.connector.SourceReader;
import dev.weir.api.functions.GeneratorFunction;

/**
 * A deterministic source: the records {@code generator(i)} for {@code i} in {@code [0, count)}.
 * Subtask {@code s} of {@code p} produces the contiguous index range
 * of about {@code count/p} indexes, in order; its position is the next index, so it can be
 * replayed from any point. Optionally limited to a total rate in records per second, spread
 * evenly over the subtasks.
 */
public final class GeneratorSource<T> implements Source<T> {
    private static final int MAX_RECORDS_PER_POLL = 512;

    private final long count;
    private final GeneratorFunction<T> generator;
    private final double recordsPerSecond;

    private GeneratorSource(long count, GeneratorFunction<T> generator, double recordsPerSecond) {
        if (count < 0) {
            throw new IllegalArgumentException("generator record count must not be negative, was " + count);
        }
        if (!(recordsPerSecond > 0)) {
            throw new IllegalArgumentException("generator rate must be positive records/s, was " + recordsPerSecond);
        }
        this.count = count;
        this.generator = generator;
        this.recordsPerSecond = recordsPerSecond;
    }

    public static <T> GeneratorSource<T> of(long count, GeneratorFunction<T> generator) {
        return new GeneratorSource<>(count, generator, Double.POSITIVE_INFINITY);
    }

    /** The numbers {@code from..to}, inclusive. */
    public static GeneratorSource<Long> sequence(long from, long to) {
        if (to < from) {
            throw new IllegalArgumentException("sequence end " + to + " is before its start " + from);
        }
        return of(to - from + 1, index -> from + index);
    }

    /** The same source limited to {@code recordsPerSecond} in total. */
    public GeneratorSource<T> withRate(double recordsPerSecond) {
        return new GeneratorSource<>(count, generator, recordsPerSecond);
    }

    public long count() {
        return count;
    }

    @Override
    public SourceReader<T> createReader(SourceContext context) {
        long p = context.getParallelism();
        long s = context.getSubtaskIndex();
        return new Reader<>(generator, splitStart(s, p), splitStart(s + 1, p), recordsPerSecond / p);
    }

    /** First index of subtask {@code s}: the first {@code count % p} subtasks get one extra. */
    private long splitStart(long s, long p) {
        return s * (count / p) + Math.min(s, count % p);
    }

    /** Reads one subtask's index range; {@link #position()} is the next index to emit. */
    public static final class Reader<T> implements SourceReader<T> {
        private final GeneratorFunction<T> generator;
        private final long end;
        private final double nanosPerRecord;
        private final long startNanos = System.nanoTime();
        private final long firstIndex;
        private long next;

        Reader(GeneratorFunction<T> generator, long start, long end, double recordsPerSecond) {
            this.generator = generator;
            this.firstIndex = start;
            this.next = start;
            this.end = end;
            this.nanosPerRecord = Double.isInfinite(recordsPerSecond) ? 0 : 1e9 / recordsPerSecond;
        }

        public long position() {
            return next;
        }

        @Override
        public InputStatus pollNext(Collector<T> output) throws Exception {
            long limit = Math.min(end, next + MAX_RECORDS_PER_POLL);
            if (nanosPerRecord > 0) {
                long allowed = firstIndex + (long) ((System.nanoTime() - startNanos) / nanosPerRecord) + 1;
                limit = Math.min(limit, allowed);
                if (limit <= next && next < end) {
                    return InputStatus.NOTHING_AVAILABLE;
                }
            }
            GeneratorFunction<T> g = generator;
            long i = next;
            while (i < limit) {
                T record = g.generate(i++);
                next = i;
                output.collect(record);
            }
            return next >= end ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
        }

        @Override
        public long nanosUntilAvailable() {
            long due = startNanos + (long) ((next - firstIndex) * nanosPerRecord);
            return Math.max(10_000L, due - System.nanoTime());
        }
    }
}
