package dev.weir.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.FlatMapFunction;
import dev.weir.api.functions.MapFunction;
import dev.weir.api.tuple.Tuple2;
import dev.weir.api.tuple.Tuple3;
import dev.weir.api.typeinfo.TypeHint;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.typeinfo.Types;
import dev.weir.connector.CollectSink;
import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.api.connector.RateLimiterStrategy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** KeyedStream's field aggregations (sum, min, max, minBy, maxBy), returns(..), getType() and keyBy with a key type. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FieldAggregationsTest {

    @TempDir
    Path dir;

    /** A POJO with a private field behind a getter and setter. */
    public static class Order {
        public String user;
        public long amount;
        private BigDecimal price;
        public int seq;

        public Order() {
        }

        Order(String user, long amount, String price, int seq) {
            this.user = user;
            this.amount = amount;
            this.price = new BigDecimal(price);
            this.seq = seq;
        }

        public BigDecimal getPrice() {
            return price;
        }

        public void setPrice(BigDecimal price) {
            this.price = price;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Order other && Objects.equals(other.user, user) && other.amount == amount
                    && Objects.equals(other.price, price) && other.seq == seq;
        }

        @Override
        public int hashCode() {
            return Objects.hash(user, amount, price, seq);
        }

        @Override
        public String toString() {
            return user + "/" + amount + "/" + price + "/" + seq;
        }
    }

    /** A key POJO without value equality. */
    public static class NoEquality {
        public String id;
    }

    private static StreamExecutionEnvironment env() {
        return StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
    }

    private static <T> List<T> run(StreamExecutionEnvironment env, DataStream<T> stream) {
        CollectSink<T> sink = new CollectSink<>();
        stream.sinkTo(sink);
        env.execute();
        return sink.results();
    }

    private static final FlatMapFunction<String, Tuple2<String, Integer>> SPLIT = new FlatMapFunction<>() {
        @Override
        public void flatMap(String line, Collector<Tuple2<String, Integer>> out) {
            for (String word : line.split(" ")) {
                out.collect(Tuple2.of(word, 1));
            }
        }
    };

    @Test
    void sumOfATuplePositionIsRollingAndKeepsTheFirstRecordsOtherFields() {
        StreamExecutionEnvironment env = env();
        DataStream<Tuple2<String, Integer>> words = env.fromData("a b a", "b a").flatMap(SPLIT);

        List<Tuple2<String, Integer>> counts = run(env, words.keyBy(t -> t.f0).sum(1));

        assertEquals(List.of(Tuple2.of("a", 1), Tuple2.of("b", 1), Tuple2.of("a", 2), Tuple2.of("b", 2),
                Tuple2.of("a", 3)), counts);
        assertEquals(Types.TUPLE(Types.STRING, Types.INT), words.getType(), "found from the anonymous class");
    }

    @Test
    void minAndMaxReplaceOnlyTheFieldWhileMinByAndMaxByEmitTheWholeRecord() {
        List<Tuple3<String, Integer, Integer>> input = List.of(Tuple3.of("k", 5, 1), Tuple3.of("k", 3, 2),
                Tuple3.of("k", 3, 3), Tuple3.of("k", 9, 4));
        TypeInformation<Tuple3<String, Integer, Integer>> type =
                TypeInformation.of(new TypeHint<Tuple3<String, Integer, Integer>>() {});

        StreamExecutionEnvironment env = env();
        KeyedStream<Tuple3<String, Integer, Integer>, String> keyed = env.fromData(input).returns(type).keyBy(t -> t.f0);
        assertEquals(List.of(Tuple3.of("k", 5, 1), Tuple3.of("k", 3, 1), Tuple3.of("k", 3, 1), Tuple3.of("k", 3, 1)),
                run(env, keyed.min(1)));

        env = env();
        keyed = env.fromData(input).returns(type).keyBy(t -> t.f0);
        assertEquals(List.of(Tuple3.of("k", 5, 1), Tuple3.of("k", 5, 1), Tuple3.of("k", 5, 1), Tuple3.of("k", 9, 1)),
                run(env, keyed.max("f1")));

        env = env();
        keyed = env.fromData(input).returns(type).keyBy(t -> t.f0);
        assertEquals(List.of(input.get(0), input.get(1), input.get(1), input.get(1)), run(env, keyed.minBy(1)),
                "on a tie the first");

        env = env();
        keyed = env.fromData(input).returns(type).keyBy(t -> t.f0);
        assertEquals(List.of(input.get(0), input.get(1), input.get(2), input.get(2)), run(env, keyed.minBy(1, false)),
                "on a tie the last");

        env = env();
        keyed = env.fromData(input).returns(type).keyBy(t -> t.f0);
        assertEquals(List.of(input.get(0), input.get(0), input.get(0), input.get(3)), run(env, keyed.maxBy(1)));
    }

    @Test
    void pojoFieldsAreAggregatedByName() {
        List<Order> orders = List.of(new Order("ann", 2, "1.50", 1), new Order("bob", 7, "9.00", 2),
                new Order("ann", 3, "0.25", 3));

        StreamExecutionEnvironment env = env();
        List<Order> sums = run(env, env.fromData(orders).keyBy(o -> o.user).sum("amount"));
        assertEquals(List.of(orders.get(0), orders.get(1), new Order("ann", 5, "1.50", 1)), sums);

        env = env();
        List<Order> prices = run(env, env.fromData(orders).keyBy(o -> o.user).sum("price"));
        assertEquals(new Order("ann", 2, "1.75", 1), prices.get(2), "a field behind a getter and setter");

        env = env();
        List<Order> cheapest = run(env, env.fromData(orders).keyBy(o -> o.user).minBy("price"));
        assertSame(orders.get(2), cheapest.get(2));
    }

    @Test
    void aFieldTheTypeDoesNotHaveFailsWhenTheJobIsDefinedNamingTheTypeAndTheValidFields() {
        KeyedStream<Tuple2<String, Integer>, String> words = env().fromData("a").flatMap(SPLIT).keyBy(t -> t.f0);
        IllegalArgumentException position = assertThrows(IllegalArgumentException.class, () -> words.sum(2));
        assertTrue(position.getMessage().contains("Tuple2<String, Integer>") && position.getMessage().contains("0..1"),
                position.getMessage());

        KeyedStream<Order, String> orders = env().fromData(new Order("a", 1, "1", 1)).keyBy(o -> o.user);
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () -> orders.max("amont"));
        assertTrue(name.getMessage().contains(Order.class.getName())
                && name.getMessage().contains("amount, price, seq, user"), name.getMessage());
        IllegalArgumentException notNumber = assertThrows(IllegalArgumentException.class, () -> orders.sum("user"));
        assertTrue(notNumber.getMessage().contains("'user'") && notNumber.getMessage().contains("not a number"),
                notNumber.getMessage());
        IllegalArgumentException positionOnPojo = assertThrows(IllegalArgumentException.class, () -> orders.sum(1));
        assertTrue(positionOnPojo.getMessage().contains("name its field"), positionOnPojo.getMessage());
    }

    @Test
    void whenALambdaHidesTheType_thenAWrongFieldFailsAtTheFirstRecordNamingTheFields() throws Exception {
        StreamExecutionEnvironment env = env();
        env.fromData("a", "a").map(w -> Tuple2.of(w, 1)).keyBy(t -> t.f0).sum(3).sinkTo(new CollectSink<>());

        JobExecutionResult result = env.executeAsync().awaitResult();

        assertEquals(JobStatus.FAILED, result.status());
        String message = String.valueOf(result.failureCause()) + causes(result.failureCause());
        assertTrue(message.contains("0..1"), message);
    }

    private static String causes(Throwable t) {
        StringBuilder text = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            text.append(" / ").append(c.getMessage());
        }
        return text.toString();
    }

    @Test
    void returnsRecordsTheTypeThatGetTypeGivesBack() {
        StreamExecutionEnvironment env = env();
        SingleOutputStreamOperator<Tuple2<String, Long>> pairs = env.fromData("a").map(w -> Tuple2.of(w, 1L));
        IllegalStateException unknown = assertThrows(IllegalStateException.class, pairs::getType);
        assertTrue(unknown.getMessage().contains("returns("), unknown.getMessage());

        pairs.returns(new TypeHint<Tuple2<String, Long>>() {});
        assertEquals(Types.TUPLE(Types.STRING, Types.LONG), pairs.getType());
        assertEquals(pairs.getType(), pairs.keyBy(t -> t.f0).getType(), "keyBy keeps the type");
        assertEquals(pairs.getType(), pairs.filter(t -> true).getType(), "so does filter");

        SingleOutputStreamOperator<Order> orders = env.fromData("x").map(w -> new Order(w, 1, "1", 0)).returns(Order.class);
        assertEquals(Types.POJO(Order.class), orders.getType());
        assertEquals(Types.LONG, env.fromSequence(1, 2).getType());
        assertEquals(Types.STRING, env.fromData("s").getType());
        SingleOutputStreamOperator<Long> mapped = env.fromSequence(1, 2).map(new MapFunction<Long, Long>() {
            @Override
            public Long map(Long value) {
                return value;
            }
        });
        assertEquals(Types.LONG, mapped.getType());
    }

    @Test
    void keyByWithAKeyTypeRecordsItAndRefusesTypesWithoutValueEquality() {
        DataStream<Order> orders = env().fromData(new Order("a", 1, "1", 1));
        KeyedStream<Order, String> byUser = orders.keyBy(o -> o.user, Types.STRING);
        assertEquals(Types.STRING, byUser.getKeyType());
        assertThrows(IllegalStateException.class, () -> orders.keyBy(o -> o.user).getKeyType());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> orders.keyBy(o -> new NoEquality(), Types.POJO(NoEquality.class)));
        assertTrue(e.getMessage().contains("cannot be a key"), e.getMessage());
    }

    @Test
    void aPojoRollingSumIsCheckpointedAndRestoredInAnotherRun() throws Exception {
        Map<String, Long> expected = new HashMap<>();
        for (long i = 0; i < 6_000; i++) {
            expected.merge("u" + (i % 3), i, Long::sum);
        }

        JobExecutionResult first = pojoSumJob(false, new CollectSink<>()).execute();
        assertTrue(first.completedCheckpoints().size() >= 1, "checkpoints were written with POJO values");

        CollectSink<Order> sink = new CollectSink<>();
        JobExecutionResult second = pojoSumJob(true, sink).execute();

        assertEquals(JobStatus.FINISHED, second.status(), "the restored POJO state was read back");
        Map<String, Long> last = new HashMap<>();
        sink.results().forEach(order -> last.put(order.user, order.amount));
        last.forEach((user, sum) -> assertEquals(expected.get(user), sum, user)); // continued from restored sums
    }

    /** u0..u2 with amount = i, summed per user, checkpointed every 20 ms. */
    private StreamExecutionEnvironment pojoSumJob(boolean restore, CollectSink<Order> sink) {
        StreamExecutionEnvironment env = env().setJobName("pojo-sum");
        env.enableCheckpointing(20);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        if (restore) {
            env.restoreFrom("latest");
        }
        env.fromSource(new DataGeneratorSource<>(i -> i, 6_000, RateLimiterStrategy.perSecond(50_000)),
                        WatermarkStrategy.noWatermarks(), "numbers")
                .uid("numbers")
                .map(new MapFunction<Long, Order>() {
                    @Override
                    public Order map(Long i) {
                        return new Order("u" + (i % 3), i, "1", i.intValue());
                    }
                })
                .keyBy(o -> o.user)
                .sum("amount").uid("sums")
                .sinkTo(sink);
        return env;
    }
}
