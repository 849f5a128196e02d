package dev.weir.bench;

import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.connector.Sink;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.typeinfo.Types;
import dev.weir.api.windowing.assigners.EventTimeSessionWindows;
import dev.weir.api.windowing.assigners.SlidingEventTimeWindows;
import dev.weir.api.windowing.assigners.TumblingEventTimeWindows;
import dev.weir.api.windowing.assigners.WindowAssigner;
import dev.weir.api.windowing.windows.TimeWindow;
import dev.weir.bench.support.WindowEvents;
import dev.weir.bench.support.WindowEvents.Event;
import dev.weir.connector.datagen.DataGeneratorSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The window workloads, written with Flink's API as a Flink user would (the Flink peer's
 * {@code dev.weir.bench.flink.WindowWorkloads} is the same job with Flink's imports; only the sink
 * differs, Weir's {@link Sink} not being Flink's Sink V2): the generated events ({@link WindowEvents})
 * get their timestamps and watermarks at the source ({@code forBoundedOutOfOrderness} with a timestamp
 * assigner), are keyed by their key and counted and summed per window by an incremental
 * {@link AggregateFunction} (one accumulator per key and window, never the window's records), and the
 * window results go to a discarding sink that counts them:
 * <ul>
 *   <li>{@code window-tumbling}: 1 s tumbling event-time windows;</li>
 *   <li>{@code window-sliding}: 10 s windows sliding by 1 s (each event in 10 windows);</li>
 *   <li>{@code window-session}: event-time session windows with a gap of 500 ms (merging).</li>
 * </ul>
 * No event is late ({@link WindowEvents}), so the totals over all window results are known and
 * {@link #printResults} checks them; the number of windows is printed for a comparison between the
 * engines ({@link SideBySide}).
 */
final class WindowWorkloads {

    static final List<String> NAMES = List.of("window-tumbling", "window-sliding", "window-session");

    private WindowWorkloads() {
    }

    /** generator (event time, bounded disorder) → keyBy → window → aggregate (count, sum) → counting sink. */
    static void define(StreamExecutionEnvironment env, String workload, long records, long keys, int parallelism) {
        CountingSink.reset();
        WindowEvents events = new WindowEvents(records, keys, parallelism);
        env.fromSource(new DataGeneratorSource<>(events::event, records, RateLimiterStrategy.noOp(),
                                TypeInformation.of(Event.class)),
                        WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofMillis(WindowEvents.DISORDER_MS))
                                .withTimestampAssigner((event, previous) -> event.timestamp()),
                        "generator")
                .keyBy(Event::key, Types.LONG)
                .window(assigner(workload))
                .aggregate(new CountAndSum()).name("window").uid("window")
                .sinkTo(new CountingSink()).name("count");
    }

    private static WindowAssigner<Object, TimeWindow> assigner(String workload) {
        return switch (workload) {
            case "window-tumbling" -> TumblingEventTimeWindows.of(Duration.ofSeconds(1));
            case "window-sliding" -> SlidingEventTimeWindows.of(Duration.ofSeconds(10), Duration.ofSeconds(1));
            case "window-session" -> EventTimeSessionWindows.withGap(Duration.ofMillis(500));
            default -> throw new IllegalArgumentException("not a window workload: " + workload);
        };
    }

    /** In how many windows each event lands. */
    static long windowsPerEvent(String workload) {
        return workload.equals("window-sliding") ? 10 : 1;
    }

    /**
     * What the counting sink received: the number of window results, the totals of their counts and
     * of their sums, and an order-independent hash of their (count, sum) pairs.
     */
    record Results(long windows, long countTotal, long sumTotal, long hash) {
        static Results collected() {
            return new Results(CountingSink.WINDOWS.get(), CountingSink.COUNT_TOTAL.get(),
                    CountingSink.SUM_TOTAL.get(), CountingSink.RESULTS_HASH.get());
        }
    }

    /**
     * Prints the number of window results, the totals of their counts and sums, an order-independent
     * hash of the results (equal between the engines when their results are), and
     * {@code verified=true} when the totals are those of every event counted in each of its windows
     * exactly once (nothing dropped as late, nothing twice).
     */
    static void printResults(String workload, long records, long keys, int parallelism) {
        long perEvent = windowsPerEvent(workload);
        long expectedCount = records * perEvent;
        long expectedSum = new WindowEvents(records, keys, parallelism).valueSum() * perEvent;
        Results results = Results.collected();
        System.out.println("windows=" + results.windows());
        System.out.println("window_count_total=" + results.countTotal());
        System.out.println("window_sum_total=" + results.sumTotal());
        System.out.println("window_results_hash=" + Long.toHexString(results.hash()));
        boolean right = results.countTotal() == expectedCount && results.sumTotal() == expectedSum;
        System.out.println("verified=" + right + (right ? "" : " expected window_count_total=" + expectedCount
                + " window_sum_total=" + expectedSum));
    }

    /** The accumulator of {@link CountAndSum}: a POJO, as a Flink user writes it. */
    public static final class CountSumAccumulator {
        public long count;
        public long sum;

        public CountSumAccumulator() {
        }
    }

    /** A window's result: how many events it holds and the sum of their values. */
    public record CountSum(long count, long sum) {
    }

    /** Counts the events of a window and sums their values, incrementally. */
    static final class CountAndSum implements AggregateFunction<Event, CountSumAccumulator, CountSum> {
        @Override
        public CountSumAccumulator createAccumulator() {
            return new CountSumAccumulator();
        }

        @Override
        public CountSumAccumulator add(Event event, CountSumAccumulator accumulator) {
            accumulator.count++;
            accumulator.sum += event.value();
            return accumulator;
        }

        @Override
        public CountSum getResult(CountSumAccumulator accumulator) {
            return new CountSum(accumulator.count, accumulator.sum);
        }

        @Override
        public CountSumAccumulator merge(CountSumAccumulator a, CountSumAccumulator b) {
            a.count += b.count;
            a.sum += b.sum;
            return a;
        }
    }

    /**
     * Discards the window results, counting them and adding up their counts and sums per subtask
     * (each subtask has its own copy); each subtask adds its figures to the totals (one JVM) at the end
     * of its input.
     */
    static final class CountingSink implements Sink<CountSum> {
        static final AtomicLong WINDOWS = new AtomicLong();
        static final AtomicLong COUNT_TOTAL = new AtomicLong();
        static final AtomicLong SUM_TOTAL = new AtomicLong();
        /** The sum of a mix of each result's (count, sum): the same for the same results in any order. */
        static final AtomicLong RESULTS_HASH = new AtomicLong();

        private long windows;
        private long count;
        private long sum;
        private long hash;

        static void reset() {
            WINDOWS.set(0);
            COUNT_TOTAL.set(0);
            SUM_TOTAL.set(0);
            RESULTS_HASH.set(0);
        }

        @Override
        public void write(CountSum result) {
            windows++;
            count += result.count();
            sum += result.sum();
            hash += WindowEvents.mix(result.count() * 0x9E3779B97F4A7C15L ^ result.sum());
        }

        @Override
        public void finish() {
            WINDOWS.addAndGet(windows);
            COUNT_TOTAL.addAndGet(count);
            SUM_TOTAL.addAndGet(sum);
            RESULTS_HASH.addAndGet(hash);
        }
    }
}
