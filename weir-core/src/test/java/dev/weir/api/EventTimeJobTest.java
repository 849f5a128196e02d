package dev.weir.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.connector.CollectSink;
import dev.weir.connector.datagen.DataGeneratorSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Event time in a running job: a bounded generator with bounded disorder, per-split watermarks,
 * event-time timers in a keyed process function, and the final watermark at the end of input.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventTimeJobTest {
    static final int RECORDS = 4_000;
    static final int KEYS = 5;
    static final long BUCKET_MILLIS = 1_000;

    /** The environment of each job, at parallelism 2 (weir-rocksdb runs the same jobs on RocksDB). */
    StreamExecutionEnvironment environment() {
        return StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
    }

    /** An event of {@code key} at event time {@code time}. */
    public record Event(long key, long time) {
    }

    /** Event {@code i}: 10 ms apart, up to 49 ms out of order. */
    static Event event(long i) {
        return new Event(i % KEYS, i * 10 + (i * 7919) % 50);
    }

    /** Counts events per key and one-second bucket; the bucket's event-time timer emits and clears it. */
    static final class CountPerBucket extends KeyedProcessFunction<Long, Event, String> {
        private MapState<Long, Long> counts;

        @Override
        public void open(OpenContext openContext) {
            counts = getRuntimeContext().getMapState(new MapStateDescriptor<>("counts", Long.class, Long.class));
        }

        @Override
        public void processElement(Event value, Context ctx, Collector<String> out) throws Exception {
            if (ctx.timestamp() == null || ctx.timestamp() != value.time()) {
                throw new IllegalStateException("record " + value + " arrived with timestamp " + ctx.timestamp());
            }
            if (value.time() <= ctx.timerService().currentWatermark()) {
                throw new IllegalStateException("record " + value + " is late: watermark "
                        + ctx.timerService().currentWatermark());
            }
            long bucket = value.time() / BUCKET_MILLIS;
            Long count = counts.get(bucket);
            counts.put(bucket, count == null ? 1 : count + 1);
            ctx.timerService().registerEventTimeTimer((bucket + 1) * BUCKET_MILLIS - 1);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
            long bucket = timestamp / BUCKET_MILLIS;
            boolean beforeEnd = ctx.timerService().currentWatermark() != Long.MAX_VALUE;
            out.collect(ctx.getCurrentKey() + "," + bucket + "," + counts.get(bucket) + "," + ctx.timestamp() + ","
                    + ctx.timeDomain() + (beforeEnd ? ",periodic" : ",final"));
            counts.remove(bucket);
        }
    }

    @Test
    void eventTimeTimersCountEveryBucketExactlyOnceWithPeriodicAndFinalWatermarks() {
        StreamExecutionEnvironment env = environment();
        env.getConfig().setAutoWatermarkInterval(5);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(new DataGeneratorSource<>(EventTimeJobTest::event, RECORDS, RateLimiterStrategy.perSecond(20_000)),
                        WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofMillis(100))
                                .withTimestampAssigner((e, previous) -> e.time()), "Events")
                .keyBy(Event::key)
                .process(new CountPerBucket())
                .sinkTo(sink);
        JobExecutionResult result = env.execute();
        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));

        Map<String, Long> expected = new TreeMap<>();
        for (long i = 0; i < RECORDS; i++) {
            Event e = event(i);
            expected.merge(e.key() + "," + e.time() / BUCKET_MILLIS, 1L, Long::sum);
        }
        List<String> results = sink.results();
        Map<String, Long> actual = new TreeMap<>();
        for (String line : results) {
            String[] f = line.split(",");
            long bucket = Long.parseLong(f[1]);
            assertEquals(String.valueOf((bucket + 1) * BUCKET_MILLIS - 1), f[3], "ctx.timestamp() is the timer's: " + line);
            assertEquals("EVENT_TIME", f[4], line);
            assertEquals(null, actual.put(f[0] + "," + f[1], Long.parseLong(f[2])), "bucket fired twice: " + line);
        }
        assertEquals(expected, actual);
        assertTrue(results.stream().anyMatch(l -> l.endsWith(",periodic")),
                "periodic watermarks fired some timers before the end: " + results);
        assertTrue(results.stream().anyMatch(l -> l.endsWith(",final")), "the final watermark fired the rest");
    }

    @Test
    void withoutWatermarksTheFinalWatermarkStillFiresEveryEventTimeTimer() {
        StreamExecutionEnvironment env = environment();
        CollectSink<String> sink = new CollectSink<>();
        env.fromSequence(0, 99)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>noWatermarks()
                        .withTimestampAssigner((n, previous) -> n * 100))
                .keyBy(n -> n % 3)
                .process(new KeyedProcessFunction<Long, Long, String>() {
                    @Override
                    public void processElement(Long value, Context ctx, Collector<String> out) {
                        ctx.timerService().registerEventTimeTimer(ctx.timestamp() + 1);
                    }

                    @Override
                    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
                        out.collect(ctx.getCurrentKey() + "@" + timestamp);
                    }
                })
                .sinkTo(sink);
        JobExecutionResult result = env.execute();
        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        List<String> expected = new java.util.ArrayList<>();
        for (long n = 0; n < 100; n++) {
            expected.add((n % 3) + "@" + (n * 100 + 1));
        }
        assertEquals(expected.stream().sorted().toList(), sink.results().stream().sorted().toList());
    }
}
