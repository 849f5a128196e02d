package dev.weir.api;

import static dev.weir.testing.CountingJobs.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.CoGroupFunction;
import dev.weir.api.functions.FlatJoinFunction;
import dev.weir.api.functions.ProcessJoinFunction;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.typeinfo.Types;
import dev.weir.api.windowing.assigners.TumblingEventTimeWindows;
import dev.weir.connector.CollectSink;
import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.testing.CommittedFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs that join two streams (interval join, window join, coGroup) on out-of-order input: each result is
 * compared exactly with one computed in the test with plain loops over the generated records.
 */
class JoinsJobTest {
    private static final long CLICKS = 3_000;
    private static final long VIEWS = 2_000;
    private static final long USERS = 7;
    private static final long DISORDER = 40;

    @TempDir
    Path dir;

    record Click(long id, long user, long time) {
    }

    record View(long id, long user, long time) {
    }

    /** Click i: about 10 ms apart, each up to 39 ms out of order. */
    static Click click(long i) {
        return new Click(i, i % USERS, 10 * i + (i * 7919) % DISORDER);
    }

    /** View j: about 15 ms apart, each up to 39 ms out of order. */
    static View view(long j) {
        return new View(j, (j * 3) % USERS, 15 * j + (j * 104729) % DISORDER);
    }

    private static List<Click> clicks() {
        List<Click> all = new ArrayList<>();
        for (long i = 0; i < CLICKS; i++) {
            all.add(click(i));
        }
        return all;
    }

    private static List<View> views() {
        List<View> all = new ArrayList<>();
        for (long j = 0; j < VIEWS; j++) {
            all.add(view(j));
        }
        return all;
    }

    /** The job's environment (heap state; the RocksDB variant of this test overrides it). */
    StreamExecutionEnvironment env() {
        return StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
    }

    private static DataStream<Click> clickStream(StreamExecutionEnvironment env) {
        return env.fromSource(new DataGeneratorSource<>(JoinsJobTest::click, CLICKS),
                WatermarkStrategy.<Click>forBoundedOutOfOrderness(Duration.ofMillis(DISORDER))
                        .withTimestampAssigner((c, previous) -> c.time()), "clicks");
    }

    private static DataStream<View> viewStream(StreamExecutionEnvironment env) {
        return env.fromSource(new DataGeneratorSource<>(JoinsJobTest::view, VIEWS),
                WatermarkStrategy.<View>forBoundedOutOfOrderness(Duration.ofMillis(DISORDER))
                        .withTimestampAssigner((v, previous) -> v.time()), "views");
    }

    private static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        copy.sort(null);
        return copy;
    }

    // --- interval join ---

    @Test
    void whenClicksAreIntervalJoinedWithViewsOutOfOrder_thenTheOutputIsEveryPairInTheIntervalExactlyOnce()
            throws Exception {
        StreamExecutionEnvironment env = env();
        CollectSink<String> sink = new CollectSink<>();
        clickStream(env).keyBy(Click::user, Types.LONG)
                .intervalJoin(viewStream(env).keyBy(View::user, Types.LONG))
                .between(Duration.ofMillis(-30), Duration.ofMillis(20))
                .lowerBoundExclusive()
                .process(new ProcessJoinFunction<Click, View, String>() {
                    @Override
                    public void processElement(Click c, View v, Context ctx, Collector<String> out) {
                        out.collect(c.id() + "," + v.id() + "," + ctx.getTimestamp());
                    }
                }).name("join")
                .sinkTo(sink);

        JobExecutionResult result = env.execute();

        List<String> expected = new ArrayList<>();
        for (Click c : clicks()) {
            for (View v : views()) {
                if (c.user() == v.user() && v.time() > c.time() - 30 && v.time() <= c.time() + 20) {
                    expected.add(c.id() + "," + v.id() + "," + Math.max(c.time(), v.time()));
                }
            }
        }
        expected.sort(null);
        assertTrue(expected.size() > 200, "enough pairs to mean something: " + expected.size());
        assertEquals(expected, sorted(sink.results()));
        assertEquals(0, result.operator("join").lateRecordsDropped());
    }

    /** Fails once, in the first attempt of subtask 0, at the first pair after a checkpoint completed. */
    static final class FailingOncePairs extends ProcessJoinFunction<Click, View, String>
            implements dev.weir.api.functions.CheckpointListener {
        private transient boolean fail;
        private transient boolean checkpointed;

        @Override
        public void open(dev.weir.api.functions.OpenContext openContext) {
            fail = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0
                    && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }

        @Override
        public void processElement(Click c, View v, Context ctx, Collector<String> out) {
            if (fail && checkpointed) {
                throw new IllegalStateException("injected failure after a completed checkpoint");
            }
            out.collect(c.id() + "," + v.id() + "," + ctx.getTimestamp());
        }
    }

    @Test
    void whenAnIntervalJoinFailsAndRestoresFromACheckpoint_thenTheCommittedOutputEqualsTheReferenceExactly()
            throws Exception {
        Path out = dir.resolve("out");
        StreamExecutionEnvironment env = env().setJobName("interval-join-restore");
        env.enableCheckpointing(20, CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        env.setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ofMillis(1)));
        DataStream<Click> clicks = env.fromSource(new DataGeneratorSource<>(JoinsJobTest::click, CLICKS,
                        RateLimiterStrategy.perSecond(6_000)),
                WatermarkStrategy.<Click>forBoundedOutOfOrderness(Duration.ofMillis(DISORDER))
                        .withTimestampAssigner((c, previous) -> c.time()), "clicks").uid("clicks");
        DataStream<View> views = env.fromSource(new DataGeneratorSource<>(JoinsJobTest::view, VIEWS,
                        RateLimiterStrategy.perSecond(4_000)),
                WatermarkStrategy.<View>forBoundedOutOfOrderness(Duration.ofMillis(DISORDER))
                        .withTimestampAssigner((v, previous) -> v.time()), "views").uid("views");
        clicks.keyBy(Click::user, Types.LONG)
                .intervalJoin(views.keyBy(View::user, Types.LONG))
                .between(Duration.ofMillis(-30), Duration.ofMillis(20))
                .process(new FailingOncePairs(), Types.STRING).name("join").uid("join")
                .sinkTo(CommittedFiles.lineSink(out));

        JobExecutionResult result = await(env.executeAsync(), Duration.ofSeconds(60));

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(1, result.restarts(), "one failure, after a completed checkpoint: restored from it");
        assertTrue(result.completedCheckpoints().size() >= 2, result.checkpoints()::toString);
        List<String> expected = new ArrayList<>();
        for (Click c : clicks()) {
            for (View v : views()) {
                if (c.user() == v.user() && v.time() >= c.time() - 30 && v.time() <= c.time() + 20) {
                    expected.add(c.id() + "," + v.id() + "," + Math.max(c.time(), v.time()));
                }
            }
        }
        expected.sort(null);
        assertEquals(expected, CommittedFiles.sortedLines(out));
    }

    // --- window join and coGroup ---

    @Test
    void theTaggedRecordsOfAJoinAreWrittenAndReadBackByWeirsOwnSerializers() throws Exception {
        TypeInformation<CoGroupedStreams.TaggedUnion<Click, View>> type =
                CoGroupedStreams.TaggedUnion.typeOf(Types.POJO(Click.class), Types.POJO(View.class));
        var serializer = dev.weir.state.serialization.Serializers.builtInOnly().forTypeInfo(type, "a test");
        for (CoGroupedStreams.TaggedUnion<Click, View> union : List.of(
                CoGroupedStreams.TaggedUnion.<Click, View>one(click(3)),
                CoGroupedStreams.TaggedUnion.<Click, View>two(view(5)))) {
            var bytes = new java.io.ByteArrayOutputStream();
            serializer.serialize(union, new java.io.DataOutputStream(bytes));
            var read = serializer.deserialize(new java.io.DataInputStream(
                    new java.io.ByteArrayInputStream(bytes.toByteArray())));
            assertEquals(union, read);
            assertEquals(union.isOne(), read.isOne());
        }
    }

    private static final long WINDOW = 100;

    /** (window start, user) → [click ids, view ids], computed with plain loops. */
    private static Map<String, List<List<Long>>> groups() {
        Map<String, List<List<Long>>> groups = new TreeMap<>();
        for (Click c : clicks()) {
            groups.computeIfAbsent(c.time() / WINDOW * WINDOW + "/" + c.user(),
                    k -> List.of(new ArrayList<>(), new ArrayList<>())).get(0).add(c.id());
        }
        for (View v : views()) {
            groups.computeIfAbsent(v.time() / WINDOW * WINDOW + "/" + v.user(),
                    k -> List.of(new ArrayList<>(), new ArrayList<>())).get(1).add(v.id());
        }
        return groups;
    }

    @Test
    void whenClicksAreWindowJoinedWithViewsOutOfOrder_thenTheOutputIsTheCrossProductPerWindowAndUserExactly()
            throws Exception {
        StreamExecutionEnvironment env = env();
        CollectSink<String> sink = new CollectSink<>();
        clickStream(env).join(viewStream(env))
                .where(Click::user, Types.LONG).equalTo(View::user, Types.LONG)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(WINDOW)))
                .apply((Click c, View v) -> c.id() + "," + v.id() + "," + (c.time() / WINDOW * WINDOW), Types.STRING)
                .name("join")
                .sinkTo(sink);

        JobExecutionResult result = env.execute();

        List<String> expected = new ArrayList<>();
        groups().forEach((group, sides) -> {
            for (long click : sides.get(0)) {
                for (long view : sides.get(1)) {
                    expected.add(click + "," + view + "," + group.split("/")[0]);
                }
            }
        });
        expected.sort(null);
        assertTrue(expected.size() > 500, "enough pairs to mean something: " + expected.size());
        assertEquals(expected, sorted(sink.results()));
        assertEquals(0, result.operator("join").lateRecordsDropped());
    }

    @Test
    void aFlatJoinFunctionMayDropPairs() throws Exception {
        StreamExecutionEnvironment env = env();
        CollectSink<String> sink = new CollectSink<>();
        clickStream(env).join(viewStream(env))
                .where(Click::user, Types.LONG).equalTo(View::user, Types.LONG)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(WINDOW)))
                .apply(new FlatJoinFunction<Click, View, String>() {
                    @Override
                    public void join(Click c, View v, Collector<String> out) {
                        if (c.time() < v.time()) {
                            out.collect(c.id() + "<" + v.id());
                        }
                    }
                })
                .sinkTo(sink);

        env.execute();

        List<String> expected = new ArrayList<>();
        for (Click c : clicks()) {
            for (View v : views()) {
                if (c.user() == v.user() && c.time() / WINDOW == v.time() / WINDOW && c.time() < v.time()) {
                    expected.add(c.id() + "<" + v.id());
                }
            }
        }
        expected.sort(null);
        assertTrue(expected.size() > 100, "pairs: " + expected.size());
        assertEquals(expected, sorted(sink.results()));
    }

    @Test
    void whenClicksAreCoGroupedWithViewsOutOfOrder_thenEachWindowAndUserWithARecordOnEitherSideIsOneGroupExactly()
            throws Exception {
        StreamExecutionEnvironment env = env();
        CollectSink<String> sink = new CollectSink<>();
        clickStream(env).coGroup(viewStream(env))
                .where(Click::user, Types.LONG).equalTo(View::user, Types.LONG)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(WINDOW)))
                .apply(new CoGroupFunction<Click, View, String>() {
                    @Override
                    public void coGroup(Iterable<Click> clicks, Iterable<View> views, Collector<String> out) {
                        List<Long> clickIds = new ArrayList<>();
                        List<Long> viewIds = new ArrayList<>();
                        long user = -1;
                        long start = -1;
                        for (Click c : clicks) {
                            clickIds.add(c.id());
                            user = c.user();
                            start = c.time() / WINDOW * WINDOW;
                        }
                        for (View v : views) {
                            viewIds.add(v.id());
                            user = v.user();
                            start = v.time() / WINDOW * WINDOW;
                        }
                        clickIds.sort(null);
                        viewIds.sort(null);
                        out.collect(start + "/" + user + " " + clickIds + " " + viewIds);
                    }
                })
                .name("coGroup")
                .sinkTo(sink);

        JobExecutionResult result = env.execute();

        List<String> expected = new ArrayList<>();
        groups().forEach((group, sides) -> {
            List<Long> clickIds = new ArrayList<>(sides.get(0));
            List<Long> viewIds = new ArrayList<>(sides.get(1));
            clickIds.sort(null);
            viewIds.sort(null);
            expected.add(group + " " + clickIds + " " + viewIds);
        });
        expected.sort(null);
        assertTrue(expected.stream().anyMatch(line -> line.contains(" [] ")), "some groups have no clicks");
        assertTrue(expected.stream().anyMatch(line -> line.endsWith(" []")), "some groups have no views");
        assertEquals(expected, sorted(sink.results()));
        assertEquals(0, result.operator("coGroup").lateRecordsDropped());
    }

    /** Watermark just behind each record, emitted with it: which records are late does not depend on timing. */
    private static <T> WatermarkStrategy<T> watermarkPerRecord(dev.weir.api.eventtime.SerializableTimestampAssigner<T> time) {
        return WatermarkStrategy.<T>forGenerator(ctx -> new dev.weir.api.eventtime.WatermarkGenerator<T>() {
            @Override
            public void onEvent(T event, long eventTimestamp, dev.weir.api.eventtime.WatermarkOutput output) {
                output.emitWatermark(new dev.weir.api.eventtime.Watermark(eventTimestamp - 1));
            }

            @Override
            public void onPeriodicEmit(dev.weir.api.eventtime.WatermarkOutput output) {
            }
        }).withTimestampAssigner(time);
    }

    private List<String> joinWithALateClick(Duration allowedLateness, String name) throws Exception {
        StreamExecutionEnvironment env = env().setParallelism(1);
        CollectSink<String> sink = new CollectSink<>();
        // Clicks come slowly (10 a second), so that the single view and the end of its input, which takes the
        // views' watermark to the end of time, have reached the join before the late click does.
        List<Click> clickList = List.of(new Click(0, 1, 10), new Click(1, 1, 250), new Click(2, 1, 20));
        DataStream<Click> clicks = env.fromSource(new DataGeneratorSource<>(i -> clickList.get((int) (long) i),
                clickList.size(), RateLimiterStrategy.perSecond(10), Types.POJO(Click.class)),
                watermarkPerRecord((c, previous) -> c.time()), "clicks");
        DataStream<View> views = env.fromData(List.of(new View(0, 1, 30)), Types.POJO(View.class))
                .assignTimestampsAndWatermarks(watermarkPerRecord((v, previous) -> v.time()));
        JoinedStreams.WithWindow<Click, View, Long, dev.weir.api.windowing.windows.TimeWindow> windowed = clicks.join(views)
                .where(Click::user, Types.LONG).equalTo(View::user, Types.LONG)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(WINDOW)));
        if (allowedLateness != null) {
            windowed.allowedLateness(allowedLateness);
        }
        windowed.apply((Click c, View v) -> c.id() + "," + v.id(), Types.STRING).name(name).sinkTo(sink);
        JobExecutionResult result = env.execute();
        List<String> lines = new ArrayList<>(sink.results());
        lines.add("late dropped: " + result.operator(name).lateRecordsDropped());
        return lines;
    }

    @Test
    void aClickBehindTheWatermarkForItsWindowIsDroppedAndCounted_orWithinTheAllowedLatenessFiresTheWindowAgain()
            throws Exception {
        assertEquals(List.of("0,0", "late dropped: 1"), joinWithALateClick(null, "join"));
        assertEquals(List.of("0,0", "0,0", "2,0", "late dropped: 0"),
                joinWithALateClick(Duration.ofMillis(200), "join"));
    }

    /** Counts the pairs it joined in a field: a race if two subtasks shared one instance. */
    static final class CountingJoin implements dev.weir.api.functions.JoinFunction<Click, View, String> {
        private long joined;
        private Thread thread;

        @Override
        public String join(Click c, View v) {
            if (thread == null) {
                thread = Thread.currentThread();
            } else if (thread != Thread.currentThread()) {
                throw new IllegalStateException("one JoinFunction instance called by two subtasks");
            }
            return c.id() + "," + v.id() + "," + ++joined;
        }
    }

    @Test
    void eachSubtaskOfAWindowJoinCallsItsOwnCopyOfTheJoinFunction() throws Exception {
        StreamExecutionEnvironment env = env();
        CollectSink<String> sink = new CollectSink<>();
        CountingJoin function = new CountingJoin();
        clickStream(env).join(viewStream(env))
                .where(Click::user, Types.LONG).equalTo(View::user, Types.LONG)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(WINDOW)))
                .apply(function)
                .sinkTo(sink);

        env.execute();

        assertTrue(sink.results().size() > 500, "pairs: " + sink.results().size());
        assertEquals(0, function.joined, "the function given to the API is not the one called");
    }

    // --- regular keyed inner join (connected streams, state with a time-to-live) ---

    /**
     * The unbounded inner join a user writes without windows: each side's records in keyed list state
     * (with a time-to-live, so that state of keys that go quiet does not stay for ever), each record joined
     * with all records of the other side seen so far for its key.
     */
    static final class RegularInnerJoin
            extends dev.weir.api.functions.KeyedCoProcessFunction<Long, Click, View, String> {
        private transient dev.weir.api.state.ListState<Click> clicksSoFar;
        private transient dev.weir.api.state.ListState<View> viewsSoFar;

        @Override
        public void open(dev.weir.api.functions.OpenContext openContext) {
            dev.weir.api.state.StateTtlConfig ttl = dev.weir.api.state.StateTtlConfig
                    .newBuilder(Duration.ofHours(1)).build();
            var clickState = new dev.weir.api.state.ListStateDescriptor<>("clicks", Types.POJO(Click.class));
            clickState.enableTimeToLive(ttl);
            var viewState = new dev.weir.api.state.ListStateDescriptor<>("views", Types.POJO(View.class));
            viewState.enableTimeToLive(ttl);
            clicksSoFar = getRuntimeContext().getListState(clickState);
            viewsSoFar = getRuntimeContext().getListState(viewState);
        }

        @Override
        public void processElement1(Click click, Context ctx, Collector<String> out) throws Exception {
            clicksSoFar.add(click);
            for (View view : viewsSoFar.get()) {
                out.collect(click.id() + "," + view.id());
            }
        }

        @Override
        public void processElement2(View view, Context ctx, Collector<String> out) throws Exception {
            viewsSoFar.add(view);
            for (Click click : clicksSoFar.get()) {
                out.collect(click.id() + "," + view.id());
            }
        }
    }

    @Test
    void aRegularKeyedInnerJoinOnConnectedStreamsJoinsEveryPairWithEqualKeysOnce() throws Exception {
        StreamExecutionEnvironment env = env();
        CollectSink<String> sink = new CollectSink<>();
        long clickCount = 300;
        long viewCount = 200;
        DataStream<Click> clicks = env.fromSource(new DataGeneratorSource<>(JoinsJobTest::click, clickCount),
                WatermarkStrategy.noWatermarks(), "clicks");
        DataStream<View> views = env.fromSource(new DataGeneratorSource<>(JoinsJobTest::view, viewCount),
                WatermarkStrategy.noWatermarks(), "views");
        clicks.connect(views).keyBy(Click::user, View::user, Types.LONG).process(new RegularInnerJoin()).sinkTo(sink);

        env.execute();

        List<String> expected = new ArrayList<>();
        for (Click c : clicks().subList(0, (int) clickCount)) {
            for (View v : views().subList(0, (int) viewCount)) {
                if (c.user() == v.user()) {
                    expected.add(c.id() + "," + v.id());
                }
            }
        }
        expected.sort(null);
        assertEquals(expected, sorted(sink.results()));
    }
}
