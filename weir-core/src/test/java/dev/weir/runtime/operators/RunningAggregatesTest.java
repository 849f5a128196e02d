package dev.weir.runtime.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.KeyValue;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.functions.AbstractRichFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.functions.ReduceFunction;
import dev.weir.connector.CollectSink;
import dev.weir.testing.OperatorHarness;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The rolling aggregations behind KeyedStream.reduce/sum/count, in the harness and in jobs. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RunningAggregatesTest {

    @Test
    void sumEmitsTheRunningSumOfTheKeyAfterEveryRecord() throws Exception {
        try (var harness = OperatorHarness.forKeyedProcess(
                new RunningAggregates.Sum<String, KeyValue<String, Integer>>(kv -> kv.value(), "sum"),
                KeyValue<String, Integer>::key)) {
            harness.processElements(new KeyValue<>("a", 1), new KeyValue<>("b", 10), new KeyValue<>("a", 5),
                    new KeyValue<>("b", -3));
            assertEquals(List.of(new KeyValue<>("a", 1L), new KeyValue<>("b", 10L), new KeyValue<>("a", 6L),
                    new KeyValue<>("b", 7L)), harness.takeOutput());
        }
    }

    /** A reduce function with a lifecycle: counts its open/close calls in a shared counter. */
    static final class Max extends AbstractRichFunction implements ReduceFunction<Integer> {
        final AtomicInteger opened;
        final AtomicInteger closed;

        Max(AtomicInteger opened, AtomicInteger closed) {
            this.opened = opened;
            this.closed = closed;
        }

        @Override
        public void open(OpenContext openContext) {
            opened.incrementAndGet();
        }

        @Override
        public Integer reduce(Integer accumulated, Integer value) {
            return Math.max(accumulated, value);
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    @Test
    void reduceEmitsTheReducedValuePerKeyAndOpensAndClosesTheReducer() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        try (var harness = OperatorHarness.forKeyedProcess(
                new RunningAggregates.Reduce<Integer, Integer>(new Max(opened, closed)), (Integer x) -> x % 2)) {
            harness.processElements(3, 4, 1, 8, 7, 2);
            assertEquals(List.of(3, 4, 3, 8, 7, 8), harness.takeOutput());
            assertEquals(1, opened.get());
        }
        assertEquals(1, closed.get());
    }

    @Test
    void countInAJobEndsWithTheExactNumberOfRecordsPerKey() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        CollectSink<KeyValue<Long, Long>> sink = new CollectSink<>();
        env.fromSequence(0, 9_999).keyBy(x -> x % 37).count().sinkTo(sink);
        JobExecutionResult result = env.execute();
        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));

        List<KeyValue<Long, Long>> out = sink.results();
        assertEquals(10_000, out.size(), "one update per record");
        Map<Long, List<Long>> updatesPerKey = out.stream().collect(Collectors.groupingBy(KeyValue::key,
                Collectors.mapping(KeyValue::value, Collectors.toList())));
        Map<Long, Long> expected = LongStream.rangeClosed(0, 9_999).boxed()
                .collect(Collectors.groupingBy(x -> x % 37, Collectors.counting()));
        assertEquals(expected.keySet(), updatesPerKey.keySet());
        for (Map.Entry<Long, List<Long>> e : updatesPerKey.entrySet()) {
            List<Long> sorted = new ArrayList<>(e.getValue());
            sorted.sort(null);
            List<Long> oneToN = LongStream.rangeClosed(1, expected.get(e.getKey())).boxed().toList();
            assertEquals(oneToN, sorted, "key " + e.getKey() + " must be counted 1..n exactly once each");
        }
    }

    @Test
    void sumAndReduceInAJobEndWithTheTotalsOfEachKey() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(3);
        CollectSink<KeyValue<Long, Long>> sums = new CollectSink<>();
        CollectSink<Long> maxima = new CollectSink<>();
        var numbers = env.fromSequence(1, 3_000);
        numbers.keyBy(x -> x % 5).sum(x -> x).sinkTo(sums);
        numbers.keyBy(x -> x % 5).reduce(Math::max).sinkTo(maxima);
        JobExecutionResult result = env.execute();
        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));

        Map<Long, Long> finalSums = new HashMap<>();
        sums.results().forEach(kv -> finalSums.merge(kv.key(), kv.value(), Math::max));
        Map<Long, Long> expectedSums = LongStream.rangeClosed(1, 3_000).boxed()
                .collect(Collectors.groupingBy(x -> x % 5, Collectors.summingLong(x -> x)));
        assertEquals(expectedSums, finalSums);
        assertEquals(3_000, sums.results().size());

        Map<Long, Long> finalMax = new HashMap<>();
        maxima.results().forEach(m -> finalMax.merge(m % 5, m, Math::max));
        assertEquals(Map.of(0L, 3_000L, 1L, 2_996L, 2L, 2_997L, 3L, 2_998L, 4L, 2_999L), finalMax);
        assertEquals(3_000, maxima.results().size());
    }
}
