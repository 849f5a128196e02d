package dev.weir.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.api.functions.KeySelector;
import dev.weir.api.functions.KeyedCoProcessFunction;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.connector.CollectSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The key a keyBy computed travels with the record to the keyed operator after it: the key selector runs
 * once per record (in the partitioner), and the operator's state is the key's as before.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CarriedKeysTest {
    private static final AtomicLong CALLS = new AtomicLong();

    /** Key by the value modulo 10, counting the calls. */
    static final class CountingKey implements KeySelector<Long, Long> {
        @Override
        public Long getKey(Long value) {
            CALLS.incrementAndGet();
            return value % 10;
        }
    }

    /** Sums the values per key in a ValueState and emits "key=sum" after every record. */
    static final class SumPerKey extends KeyedProcessFunction<Long, Long, String> {
        private transient ValueState<Long> sum;

        @Override
        public void open(OpenContext openContext) {
            sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<String> out) throws Exception {
            long next = (sum.value() == null ? 0 : sum.value()) + value;
            sum.update(next);
            out.collect(ctx.getCurrentKey() + "=" + next);
        }
    }

    /** The last (largest) sum emitted per key, as "key=sum", sorted. */
    private static List<String> finalSums(List<String> emitted) {
        Map<Long, Long> last = new TreeMap<>();
        for (String e : emitted) {
            String[] kv = e.split("=");
            last.merge(Long.parseLong(kv[0]), Long.parseLong(kv[1]), Math::max);
        }
        List<String> sums = new ArrayList<>();
        last.forEach((k, s) -> sums.add(k + "=" + s));
        sums.sort(null);
        return sums;
    }

    private static List<String> expectedSums() {
        Map<Long, Long> sums = new TreeMap<>();
        for (long v = 0; v < 1_000; v++) {
            sums.merge(v % 10, v, Long::sum);
        }
        List<String> expected = new ArrayList<>();
        sums.forEach((k, s) -> expected.add(k + "=" + s));
        expected.sort(null);
        return expected;
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void whenAKeyedProcessFollowsKeyBy_thenTheKeySelectorRunsOncePerRecordAndStateIsPerKey(int parallelism) {
        CALLS.set(0);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment()
                .setParallelism(parallelism);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSequence(0, 999).keyBy(new CountingKey()).process(new SumPerKey()).sinkTo(sink);

        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(expectedSums(), finalSums(sink.results()));
        assertEquals(1_000, CALLS.get(), "the partitioner's key is used by the keyed operator");
        assertEquals(1_000, result.operator("KeyedProcess").recordsIn());
        assertEquals(1_000, result.operator("KeyedProcess").recordsOut());
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void whenBothInputsOfAKeyedCoProcessAreKeyed_thenEachKeySelectorRunsOncePerRecord(int parallelism) {
        CALLS.set(0);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment()
                .setParallelism(parallelism);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSequence(0, 99).keyBy(new CountingKey())
                .connect(env.fromSequence(0, 9).keyBy(new CountingKey()))
                .process(new KeyedCoProcessFunction<Long, Long, Long, String>() {
                    private transient ValueState<Long> count;

                    @Override
                    public void open(OpenContext openContext) {
                        count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
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

        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(10, sink.results().size(), () -> "each key got 11 records in one state: " + sink.results());
        assertEquals(110, CALLS.get(), "the partitioners' keys are used by the operator, on both inputs");
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void whenTwoKeyBysFollowEachOther_thenEachKeyedOperatorGetsTheKeysOfItsOwnKeyBy(int parallelism) {
        CALLS.set(0);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment()
                .setParallelism(parallelism);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSequence(0, 999).keyBy(v -> v % 7).map(v -> v).keyBy(new CountingKey())
                .process(new SumPerKey()).sinkTo(sink);

        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(expectedSums(), finalSums(sink.results()), "state per key of the second keyBy, not of the first");
        assertEquals(1_000, CALLS.get());
    }
}
