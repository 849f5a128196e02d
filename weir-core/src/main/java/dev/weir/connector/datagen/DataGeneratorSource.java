package dev.weir.connector.datagen;

import dev.weir.api.Collector;
import dev.weir.api.connector.ReaderOutput;
import dev.weir.api.connector.SourceOutput;
import dev.weir.api.connector.RateLimiter;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.connector.Source;
import dev.weir.api.connector.SourceContext;
import dev.weir.api.connector.SourceReader;
import dev.weir.api.typeinfo.TypeInformation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A deterministic, replayable source, as in Flink: the records {@code generatorFunction.map(i)} for
 * the indexes {@code i} in {@code [0, count)}. A fresh subtask {@code s} of {@code p} reads one
 * contiguous range of about {@code count/p} indexes, in order; its split is the range still to go,
 * so a checkpoint restores it exactly (also at another parallelism). A {@link RateLimiterStrategy}
 * limits the total rate, spread evenly over the subtasks.
 *
 * <pre>{@code
 * DataGeneratorSource<String> source = new DataGeneratorSource<>(
 *         index -> "event-" + index, 1_000_000, RateLimiterStrategy.perSecond(100), Types.STRING);
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "events");
 * }</pre>
 *
 * @param <OUT> the record type
 */
public class DataGeneratorSource<OUT> implements Source<OUT, DataGeneratorSource.Range> {
    private static final int MAX_RECORDS_PER_POLL = 512;

    /** A split: the indexes {@code next..end-1} still to emit. */
    public record Range(long next, long end) {
    }

    private final GeneratorFunction<Long, OUT> generatorFunction;
    private final long count;
    private final RateLimiterStrategy rateLimiterStrategy;
    private final TypeInformation<OUT> typeInfo;

    /** {@code count} records, as fast as the job takes them. */
    public DataGeneratorSource(GeneratorFunction<Long, OUT> generatorFunction, long count,
                               TypeInformation<OUT> typeInfo) {
        this(generatorFunction, count, RateLimiterStrategy.noOp(), typeInfo);
    }

    /** {@code count} records at the rate {@code rateLimiterStrategy} allows. */
    public DataGeneratorSource(GeneratorFunction<Long, OUT> generatorFunction, long count,
                               RateLimiterStrategy rateLimiterStrategy, TypeInformation<OUT> typeInfo) {
        if (count < 0) {
            throw new IllegalArgumentException("DataGeneratorSource: the record count must not be negative, was "
                    + count);
        }
        this.generatorFunction = Objects.requireNonNull(generatorFunction, "generatorFunction");
        this.count = count;
        this.rateLimiterStrategy = Objects.requireNonNull(rateLimiterStrategy, "rateLimiterStrategy");
        this.typeInfo = typeInfo;
    }

    /** Weir: as the Flink constructor, without a type (Weir does not need it to run a source). */
    public DataGeneratorSource(GeneratorFunction<Long, OUT> generatorFunction, long count) {
        this(generatorFunction, count, RateLimiterStrategy.noOp(), null);
    }

    /** Weir: as the Flink constructor, without a type (Weir does not need it to run a source). */
    public DataGeneratorSource(GeneratorFunction<Long, OUT> generatorFunction, long count,
                               RateLimiterStrategy rateLimiterStrategy) {
        this(generatorFunction, count, rateLimiterStrategy, null);
    }

    public GeneratorFunction<Long, OUT> getGeneratorFunction() {
        return generatorFunction;
    }

    /** The type given to the constructor, or null if none was. */
    public TypeInformation<OUT> getProducedType() {
        return typeInfo;
    }

    /** Weir: the number of records. */
    public long getCount() {
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
    public SourceReader<OUT, Range> createReader(SourceContext context, List<Range> splits) throws Exception {
        generatorFunction.open(context);
        return new Reader<>(generatorFunction, splits, rateLimiterStrategy.createRateLimiter(context.getParallelism()));
    }

    /** Reads its ranges one after the other, at the rate its limiter allows. */
    static final class Reader<T> implements SourceReader<T, Range> {
        private final GeneratorFunction<Long, T> generator;
        private final List<Range> pending;
        private final RateLimiter rateLimiter;
        private long next;
        private long end;
        private SourceOutput<T> splitOutput; // the current range's output, when the task offers per-split outputs
        private String splitId;

        Reader(GeneratorFunction<Long, T> generator, List<Range> splits, RateLimiter rateLimiter) {
            this.generator = generator;
            this.pending = new ArrayList<>(splits);
            this.rateLimiter = rateLimiter;
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
            long granted = rateLimiter.acquire(Math.min(end - next, MAX_RECORDS_PER_POLL));
            if (granted == 0) {
                return InputStatus.NOTHING_AVAILABLE;
            }
            Collector<T> target = output;
            if (output instanceof ReaderOutput<T> readerOutput) { // the range gets its own watermark generator
                if (splitOutput == null) {
                    splitId = "range until " + end;
                    splitOutput = readerOutput.createOutputForSplit(splitId);
                }
                target = splitOutput;
            }
            GeneratorFunction<Long, T> g = generator;
            long limit = next + granted;
            long i = next;
            while (i < limit) {
                T record = g.map(i++);
                next = i; // before emitting: a failure downstream must not replay this index twice
                target.collect(record);
            }
            if (next >= end && splitOutput != null) {
                ((ReaderOutput<T>) output).releaseOutputForSplit(splitId);
                splitOutput = null;
            }
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
            return rateLimiter.nanosUntilPermit();
        }

        @Override
        public void close() throws Exception {
            generator.close();
        }
    }
}
