package dev.weir.bench;

import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.Collector;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.Sink;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import java.util.Locale;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * End-to-end latency of keyed-sum at a fixed rate: each record carries the {@code System.nanoTime()}
 * of its creation in the generator; the sink records arrival minus creation in an HdrHistogram
 * (one JVM, so one histogram shared by the sink subtasks). The Flink peer does the same.
 */
final class LatencySink implements Sink<LatencySink.Timed> {
    /** A keyed-sum record with its creation time; also the running sum on the way out. */
    record Timed(long key, long value, long createdNanos) {
    }

    /** 1 µs to 60 s, 3 significant digits. */
    private static final Histogram LATENCY_NANOS = new ConcurrentHistogram(1_000, 60_000_000_000L, 3);

    /** generator at {@code rate} records/s → keyBy → running sum (carrying the creation time) → latency sink. */
    static void keyedSum(StreamExecutionEnvironment env, long records, long keys, long rate) {
        env.fromSource(new DataGeneratorSource<>(i -> new Timed(i % keys, 1L, System.nanoTime()), records, RateLimiterStrategy.perSecond(rate)), WatermarkStrategy.noWatermarks(),
                        "generator")
                .keyBy(Timed::key)
                .process(new TimedSum()).name("sum").uid("sum")
                .sinkTo(new LatencySink()).name("latency");
    }

    @Override
    public void write(Timed value) {
        record(System.nanoTime() - value.createdNanos());
    }

    /** Adds one latency (also for {@link BusyLatency}). */
    static void record(long nanos) {
        LATENCY_NANOS.recordValue(Math.min(60_000_000_000L, Math.max(1_000, nanos)));
    }

    static void printPercentiles() {
        System.out.println("latency_samples=" + LATENCY_NANOS.getTotalCount());
        for (double[] p : new double[][] {{50, 0}, {99, 0}, {99.9, 0}}) {
            String name = p[0] == 99.9 ? "p999" : "p" + (int) p[0];
            System.out.println("latency_" + name + "_ms=" + String.format(Locale.ROOT, "%.3f",
                    LATENCY_NANOS.getValueAtPercentile(p[0]) / 1e6));
        }
        System.out.println("latency_max_ms=" + String.format(Locale.ROOT, "%.3f", LATENCY_NANOS.getMaxValue() / 1e6));
    }

    /** The running sum of keyed-sum, keeping the record's creation time. */
    static final class TimedSum extends KeyedProcessFunction<Long, Timed, Timed> {
        private transient ValueState<Long> sum;

        @Override
        public void open(OpenContext openContext) {
            sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Long.class));
        }

        @Override
        public void processElement(Timed value, Context context, Collector<Timed> out) {
            Long current = sum.value();
            long next = (current == null ? 0 : current) + value.value();
            sum.update(next);
            out.collect(new Timed(value.key(), next, value.createdNanos()));
        }
    }
}
