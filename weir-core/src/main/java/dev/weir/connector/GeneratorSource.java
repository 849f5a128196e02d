package dev.weir.connector;

import dev.weir.api.Collector;
import dev.weir.api.connector.Source;
import dev.weir.api.connector.SourceContext;
import dev.weir.api.connector.SourceReader;
import dev.weir.api.functions.GeneratorFunction;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic, replayable source: the records {@code generator(i)} for {@code i} in
 * {@code [0, count)}. A fresh subtask {@code s} of {@code p} reads one contiguous range of about
 * {@code count/p} indexes, in order; its split is the range still to go, so a checkpoint restores
 * it exactly. Optionally limited to a total rate in records per second, spread evenly over the
 * subtasks.
 */
public final class GeneratorSource<T> implements Source<T, GeneratorSource.Range> {
    private static final int MAX_RECORDS_PER_POLL = 512;

    /** The indexes {@code next..end-1} still to emit. */
    public record Range(long next, long end) {
    }

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
    public List<Range> initialSplits(int subtaskIndex, int parallelism) {
        long start = splitStart(subtaskIndex, parallelism);
        long end = splitStart(subtaskIndex + 1L, parallelism);
        return start < end ? List.of(new Range(start, end)) : List.of();
    }

    /** First index of subtask {@code s}: the first {@code count % p} subtasks get one extra. */
    private long splitStart(long s, long p) {
        return s * (count / p) + Math.min(s, count % p);
    }

    @Override
    public Class<Range> splitType() {
        return Range.class;
    }

    @Override
    public SourceReader<T, Range> createReader(SourceContext context, List<Range> splits) {
        return new Reader<>(generator, splits, recordsPerSecond / context.getParallelism());
    }

    /** Reads its ranges one after the other, optionally at a limited rate. */
    static final class Reader<T> implements SourceReader<T, Range> {
        private final GeneratorFunction<T> generator;
        private final List<Range> pending;
        private final double nanosPerRecord;
        private final long startNanos = System.nanoTime();
        private long emitted;
        private long next;
        private long end;

        Reader(GeneratorFunction<T> generator, List<Range> splits, double recordsPerSecond) {
            this.generator = generator;
            this.pending = new ArrayList<>(splits);
            this.nanosPerRecord = Double.isInfinite(recordsPerSecond) ? 0 : 1e9 / recordsPerSecond;
            advanceSplit();
        }

        private boolean advanceSplit() {
            while (next >= end) {
                if (pending.isEmpty()) {
                    return false;
                }
                Range range = pending.remove(0);
                next = range.next();
                end = range.end();
            }
            return true;
        }

        @Override
        public InputStatus pollNext(Collector<T> output) throws Exception {
            if (!advanceSplit()) {
                return InputStatus.END_OF_INPUT;
            }
            long limit = Math.min(end, next + MAX_RECORDS_PER_POLL);
            if (nanosPerRecord > 0) {
                long allowed = (long) ((System.nanoTime() - startNanos) / nanosPerRecord) + 1 - emitted;
                if (allowed <= 0) {
                    return InputStatus.NOTHING_AVAILABLE;
                }
                limit = Math.min(limit, next + allowed);
            }
            GeneratorFunction<T> g = generator;
            long first = next;
            long i = first;
            while (i < limit) {
                T record = g.generate(i++);
                next = i; // before emitting: a failure downstream must not replay this index twice
                output.collect(record);
            }
            emitted += next - first;
            return advanceSplit() ? InputStatus.MORE_AVAILABLE : InputStatus.END_OF_INPUT;
        }

        /** The generator index of the record emitted last. */
        @Override
        public String positionOfLastRecord() {
            return "generator index " + (next - 1);
        }

        @Override
        public List<Range> snapshotSplits() {
            List<Range> splits = new ArrayList<>(pending.size() + 1);
            if (next < end) {
                splits.add(new Range(next, end));
            }
            splits.addAll(pending);
            return splits;
        }

        @Override
        public long nanosUntilAvailable() {
            long due = startNanos + (long) (emitted * nanosPerRecord);
            return Math.max(10_000L, due - System.nanoTime());
        }
    }
}
