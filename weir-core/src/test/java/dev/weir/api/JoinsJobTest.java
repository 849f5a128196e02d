package dev.weir.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.ProcessJoinFunction;
import dev.weir.api.typeinfo.Types;
import dev.weir.connector.CollectSink;
import dev.weir.connector.datagen.DataGeneratorSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Jobs that join two streams (interval join, window join, coGroup) on out-of-order input: each result is
 * compared exactly with one computed in the test with plain loops over the generated records.
 */
class JoinsJobTest {
    private static final long CLICKS = 3_000;
    private static final long VIEWS = 2_000;
    private static final long USERS = 7;
    private static final long DISORDER = 40;

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

    private static StreamExecutionEnvironment env() {
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
}
