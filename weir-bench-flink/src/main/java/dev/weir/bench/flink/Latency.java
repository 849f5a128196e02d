package dev.weir.bench.flink;

import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * End-to-end latency in the {@code --rate} mode (Weir's benchmarks have no such mode; this follows
 * the brief for the peer): the source stamps each record with its creation time
 * ({@code System.nanoTime()}, carried as the record's Flink timestamp, so the record shapes stay
 * those of Weir's workloads); at the sink each subtask records {@code arrival − creation} into a
 * histogram of its own, merged into one static histogram when the subtask closes (one JVM).
 */
final class Latency {
    private static final Histogram MERGED = new Histogram(3);

    private Latency() {
    }

    /** Prints the merged percentiles in milliseconds. */
    static void print() {
        synchronized (MERGED) {
            System.out.println("latency_samples=" + MERGED.getTotalCount());
            for (double p : new double[] {50, 99, 99.9}) {
                String name = p == 99.9 ? "p999" : "p" + (int) p;
                System.out.println("latency_" + name + "_ms="
                        + String.format(Locale.ROOT, "%.3f", MERGED.getValueAtPercentile(p) / 1e6));
            }
        }
    }

    /** One subtask's histogram. */
    private static final class Recorder {
        private final Histogram histogram = new Histogram(3);

        void record(Long createdNanos) {
            if (createdNanos != null) {
                histogram.recordValue(Math.max(0, System.nanoTime() - createdNanos));
            }
        }

        void merge() {
            synchronized (MERGED) {
                MERGED.add(histogram);
            }
            histogram.reset();
        }
    }

    /** A discarding sink that records the latency of each record it receives. */
    static final class RecordingSink<T> implements Sink<T> {
        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            Recorder recorder = new Recorder();
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context context) {
                    recorder.record(context.timestamp());
                }

                @Override
                public void flush(boolean endOfInput) {
                }

                @Override
                public void close() {
                    recorder.merge();
                }
            };
        }
    }

    /**
     * A discarding sink for records that are their own stamp ({@code System.nanoTime()} when the
     * slow stage of {@code latency-busy} emitted them): records {@code arrival − stamp}.
     */
    static final class StampSink implements Sink<Long> {
        @Override
        public SinkWriter<Long> createWriter(WriterInitContext context) {
            Recorder recorder = new Recorder();
            return new SinkWriter<>() {
                @Override
                public void write(Long emittedNanos, Context context) {
                    recorder.record(emittedNanos);
                }

                @Override
                public void flush(boolean endOfInput) {
                }

                @Override
                public void close() {
                    recorder.merge();
                }
            };
        }
    }

    /** Passes records on unchanged, recording their latency; chained directly before a sink. */
    static final class Probe<T> extends ProcessFunction<T, T> {
        private transient Recorder recorder;

        @Override
        public void open(OpenContext context) {
            recorder = new Recorder();
        }

        @Override
        public void processElement(T value, Context context, Collector<T> out) {
            recorder.record(context.timestamp());
            out.collect(value);
        }

        @Override
        public void close() {
            recorder.merge();
        }
    }
}
