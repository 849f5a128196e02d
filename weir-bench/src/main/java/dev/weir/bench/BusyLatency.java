package dev.weir.bench;

import dev.weir.api.Collector;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.Sink;
import dev.weir.api.functions.FlatMapFunction;

/**
 * The {@code latency-busy} workload: a slow stage followed by a low-rate output, where only the
 * buffer timeout can bound latency, because the slow stage never goes idle.
 *
 * <pre>
 * generator (unlimited) → rebalance → slow stage: spins {@code spinMicros} per record, passes on 1 record
 *     in {@code outputEvery}, stamped with System.nanoTime() as it leaves → rebalance → latency sink
 * </pre>
 *
 * <p>The generator is backpressured by the slow stage, whose input is always queued; the latency is
 * measured from the slow stage's emit to the sink in the next task (HdrHistogram, see
 * {@link LatencySink}), so queueing before the slow stage does not count. The Flink peer runs the same
 * job ({@code weir-bench-flink latency-busy}).
 */
final class BusyLatency {

    private BusyLatency() {
    }

    static void define(StreamExecutionEnvironment env, long records, long spinMicros, long outputEvery) {
        env.fromSequence(0, records - 1).name("generator")
                .rebalance()
                .flatMap(new SlowStage(spinMicros * 1_000, outputEvery)).name("slow")
                .rebalance()
                .sinkTo(new StampSink()).name("latency");
    }

    /** Spins for a while per record (CPU-bound work, never idle); emits every n-th with its emit time. */
    record SlowStage(long spinNanos, long outputEvery) implements FlatMapFunction<Long, Long> {
        @Override
        public void flatMap(Long i, Collector<Long> out) {
            long end = System.nanoTime() + spinNanos;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            if (i % outputEvery == 0) {
                out.collect(System.nanoTime());
            }
        }
    }

    /** Records arrival minus the stamp. */
    static final class StampSink implements Sink<Long> {
        @Override
        public void write(Long emittedNanos) {
            LatencySink.record(System.nanoTime() - emittedNanos);
        }
    }
}
