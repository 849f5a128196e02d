package dev.weir.api;

import static dev.weir.testing.CountingJobs.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.CoMapFunction;
import dev.weir.api.functions.KeyedCoProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.testing.FaultInjector;
import dev.weir.connector.CollectSink;
import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.testing.CommittedFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs with connected streams: results, exactly-once state across failures, and what is refused. */
class ConnectedStreamsJobTest {
    private static final long ORDERS = 20_000;
    private static final long UPDATES = 6_000;
    private static final long CUSTOMERS = 50;

    @TempDir
    Path dir;

    record Order(long id, long customer, long time) {
    }

    record Update(long customer, long version, long time) {
    }

    /**
     * Enriches each order with the version of its customer current at the order's event time: the
     * latest update at or before it. Orders wait in keyed state until the watermark of both inputs has
     * passed their time, so the result does not depend on how the two inputs interleave.
     */
    static final class EnrichAtEventTime extends KeyedCoProcessFunction<Long, Order, Update, String> {
        private transient MapState<Long, Long> versionByTime;
        private transient MapState<Long, Long> pendingOrderTimes;
        private transient long updatesSeen;
        private transient boolean failOnce;

        @Override
        public void open(OpenContext openContext) {
            versionByTime = getRuntimeContext().getMapState(new MapStateDescriptor<>("versions", Long.class, Long.class));
            pendingOrderTimes = getRuntimeContext().getMapState(
                    new MapStateDescriptor<>("pending", Long.class, Long.class));
            failOnce = getRuntimeContext().getTaskInfo().getAttemptNumber() == 1
                    && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
        }

        @Override
        public void processElement1(Order order, Context ctx, Collector<String> out) throws Exception {
            pendingOrderTimes.put(order.id(), order.time());
            ctx.timerService().registerEventTimeTimer(order.time());
        }

        @Override
        public void processElement2(Update update, Context ctx, Collector<String> out) throws Exception {
            if (failOnce && ++updatesSeen == 500) {
                throw new IllegalStateException("injected failure at the 500th update of the second attempt");
            }
            versionByTime.put(update.time(), update.version());
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
            List<Long> done = new ArrayList<>();
            for (Map.Entry<Long, Long> pending : pendingOrderTimes.entries()) {
                long orderTime = pending.getValue();
                if (orderTime > timestamp) {
                    continue;
                }
                long bestTime = Long.MIN_VALUE;
                long version = -1;
                for (Map.Entry<Long, Long> v : versionByTime.entries()) {
                    if (v.getKey() <= orderTime && v.getKey() > bestTime) {
                        bestTime = v.getKey();
                        version = v.getValue();
                    }
                }
                out.collect(pending.getKey() + "," + ctx.getCurrentKey() + "," + version);
                done.add(pending.getKey());
            }
            for (Long id : done) {
                pendingOrderTimes.remove(id);
            }
        }
    }

    /** The same enrichment in plain Java over the generated inputs. */
    private static List<String> expectedEnrichment() {
        List<String> expected = new ArrayList<>();
        for (long i = 0; i < ORDERS; i++) {
            long customer = i % CUSTOMERS;
            long version = -1;
            for (long j = customer; j < UPDATES; j += CUSTOMERS) {
                if (3 * j + 1 <= 2 * i) {
                    version = j;
                }
            }
            expected.add(i + "," + customer + "," + version);
        }
        expected.sort(null);
        return expected;
    }

    /** The enrichment job: orders and customer updates from rate-limited generators, with event time. */
    private StreamExecutionEnvironment enrichmentJob(Path out, CheckpointingMode mode) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
                .setJobName("enrich-orders");
        env.enableCheckpointing(20, mode);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        env.setRestartStrategy(RestartStrategy.fixedDelay(5, Duration.ofMillis(1)));
        env.setFaultInjector((point, task, checkpointId, attempt) -> {
            if (attempt == 0 && point == FaultInjector.Point.SYNC_SNAPSHOT && task.operatorName().equals("enrich")
                    && checkpointId == 4) {
                throw new FaultInjector.InjectedFault("injected in the snapshot of checkpoint 4 of " + task);
            }
        });
        DataStream<Order> orders = env.fromSource(new DataGeneratorSource<>(i -> new Order(i, i % CUSTOMERS, 2 * i),
                        ORDERS, RateLimiterStrategy.perSecond(10_000)),
                WatermarkStrategy.<Order>forMonotonousTimestamps().withTimestampAssigner((o, previous) -> o.time()),
                "orders").uid("orders");
        DataStream<Update> updates = env.fromSource(new DataGeneratorSource<>(
                        j -> new Update(j % CUSTOMERS, j, 3 * j + 1), UPDATES, RateLimiterStrategy.perSecond(3_000)),
                WatermarkStrategy.<Update>forMonotonousTimestamps().withTimestampAssigner((u, previous) -> u.time()),
                "updates").uid("updates");
        orders.connect(updates)
                .keyBy(Order::customer, Update::customer)
                .process(new EnrichAtEventTime()).name("enrich").uid("enrich")
                .sinkTo(CommittedFiles.lineSink(out));
        return env;
    }

    @Test
    void whenOrdersAreEnrichedWithCustomerUpdatesAcrossFailures_thenTheCommittedOutputEqualsTheReferenceExactly()
            throws Exception {
        Path out = dir.resolve("out");
        StreamExecutionEnvironment env = enrichmentJob(out, CheckpointingMode.EXACTLY_ONCE);

        JobExecutionResult result = await(env.executeAsync(), Duration.ofSeconds(60));

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertTrue(result.restarts() >= 2, "the injected snapshot failure and record failure: " + result.restarts());
        assertTrue(result.completedCheckpoints().size() >= 2, result.checkpoints()::toString);
        assertEquals(expectedEnrichment(), CommittedFiles.sortedLines(out));
    }

    @Test
    void whenTheEnrichmentRunsAtLeastOnceAcrossFailures_thenNoOrderIsLost() throws Exception {
        Path out = dir.resolve("out");
        StreamExecutionEnvironment env = enrichmentJob(out, CheckpointingMode.AT_LEAST_ONCE);

        JobExecutionResult result = await(env.executeAsync(), Duration.ofSeconds(60));

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertTrue(result.restarts() >= 2, "restarts: " + result.restarts());
        assertTrue(result.completedCheckpoints().size() >= 2, result.checkpoints()::toString);
        assertEquals(expectedEnrichment(), CommittedFiles.sortedLines(out).stream().distinct().toList(),
                "every order, each with the version current at its time (duplicates allowed)");
    }

    @Test
    void recordsOfTheSecondInputAreCountedAndFollowTheOperatorsErrorPolicy() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSequence(1, 100).connect(env.fromSequence(1, 50)).map(new CoMapFunction<Long, Long, String>() {
            @Override
            public String map1(Long value) {
                return "first " + value;
            }

            @Override
            public String map2(Long value) {
                if (value % 10 == 0) {
                    throw new IllegalArgumentException("no multiples of ten on input 2: " + value);
                }
                return "second " + value;
            }
        }).name("both").setErrorPolicy(ErrorPolicy.skip()).sinkTo(sink);

        JobExecutionResult result = env.execute();

        OperatorStats both = result.operator("both");
        assertEquals(150, both.recordsIn());
        assertEquals(145, both.recordsOut());
        assertEquals(5, both.skipped());
        assertEquals(145, sink.results().size());
    }

    @Test
    void whenTwoUnionedStreamsAreConnectedWithAThird_thenEveryRecordReachesItsOwnMethodAndFollowersChain()
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        DataStream<Long> a = env.fromSequence(1, 1_000);
        DataStream<Long> b = env.fromSequence(1_001, 2_000);
        DataStream<String> c = env.fromData("x", "y", "z");
        CollectSink<String> sink = new CollectSink<>();
        a.union(b).connect(c).map(new CoMapFunction<Long, String, String>() {
            @Override
            public String map1(Long value) {
                return "long";
            }

            @Override
            public String map2(String value) {
                return "string " + value;
            }
        }).filter(s -> !s.equals("string y")).sinkTo(sink);

        env.execute();

        List<String> results = sink.results();
        assertEquals(2_000, results.stream().filter("long"::equals).count());
        assertEquals(List.of("string x", "string z"), results.stream().filter(s -> s.startsWith("string")).sorted()
                .toList());
    }

    @Test
    void aKeyedCoProcessFunctionOnConnectedStreamsThatAreNotKeyedIsRefusedSayingToKeyThem() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ConnectedStreams<Long, Long> connected = env.fromSequence(1, 2).connect(env.fromSequence(3, 4));
        UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
                () -> connected.process(new KeyedCoProcessFunction<Long, Long, Long, Long>() {
                    @Override
                    public void processElement1(Long value, Context ctx, Collector<Long> out) {
                    }

                    @Override
                    public void processElement2(Long value, Context ctx, Collector<Long> out) {
                    }
                }));
        assertTrue(refused.getMessage().contains("keyBy(keySelector1, keySelector2)"), refused.getMessage());
    }

    @Test
    void twoKeyedStreamsConnectKeyed_soTheirRecordsShareStatePerKey() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(3);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSequence(0, 99).keyBy(v -> v % 10)
                .connect(env.fromSequence(0, 9).keyBy(v -> v))
                .process(new KeyedCoProcessFunction<Long, Long, Long, String>() {
                    private transient dev.weir.api.state.ValueState<Long> count;

                    @Override
                    public void open(OpenContext openContext) {
                        count = getRuntimeContext().getState(
                                new dev.weir.api.state.ValueStateDescriptor<>("count", Long.class));
                    }

                    @Override
                    public void processElement1(Long value, Context ctx, Collector<String> out) throws Exception {
                        add(ctx, out);
                    }

                    @Override
                    public void processElement2(Long value, Context ctx, Collector<String> out) throws Exception {
                        add(ctx, out);
                    }

                    private void add(Context ctx, Collector<String> out) throws Exception {
                        long next = (count.value() == null ? 0 : count.value()) + 1;
                        count.update(next);
                        if (next == 11) {
                            out.collect(ctx.getCurrentKey() + " complete");
                        }
                    }
                }).sinkTo(sink);

        env.execute();

        List<String> results = new ArrayList<>(sink.results());
        results.sort(null);
        List<String> expected = new ArrayList<>();
        for (long k = 0; k < 10; k++) {
            expected.add(k + " complete");
        }
        assertEquals(expected, results, "each key got its 10 records of input 1 and its 1 of input 2 in one state");
    }
}
