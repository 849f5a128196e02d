package dev.weir.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.connector.Sink;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.functions.RichMapFunction;
import dev.weir.connector.CollectSink;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whole jobs run in this JVM, checked through a collecting sink and the job result. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JobExecutionTest {

    static JobExecutionResult runToEnd(StreamExecutionEnvironment env) {
        JobExecutionResult result = env.execute();
        assertEquals(JobStatus.FINISHED, result.status(), () -> "job failed: " + result.failureCause());
        return result;
    }

    static Map<Long, Long> finalValues(List<KeyValue<Long, Long>> updates) {
        return updates.stream().collect(Collectors.toMap(KeyValue::key, KeyValue::value, Math::max));
    }

    static <T extends Comparable<T>> List<T> sorted(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.sort(copy);
        return copy;
    }

    /** Tags each record with the index of the subtask that mapped it. */
    static final class TagSubtask<T> extends RichMapFunction<T, KeyValue<Integer, T>> {
        private int subtask = -1;

        @Override
        public void open(OpenContext openContext) {
            subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        }

        @Override
        public KeyValue<Integer, T> map(T value) {
            return new KeyValue<>(subtask, value);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void aMapFilterJobProducesExactlyTheExpectedRecordsAtAnyParallelism(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism);
        CollectSink<Long> sink = new CollectSink<>();
        env.fromSequence(1, 20_000).map(x -> x * 2).filter(x -> x % 3 != 0).sinkTo(sink);
        runToEnd(env);
        List<Long> expected = LongStream.rangeClosed(1, 20_000).map(x -> x * 2).filter(x -> x % 3 != 0)
                .boxed().toList();
        assertEquals(expected, sorted(sink.results()));
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3})
    void keyByCountTotalsEqualTheInputExactly(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism);
        CollectSink<KeyValue<String, Long>> sink = new CollectSink<>();
        env.fromSequence(0, 29_999).map(x -> "key-" + (x % 101)).keyBy(s -> s).count().sinkTo(sink);
        runToEnd(env);
        List<KeyValue<String, Long>> updates = sink.results();
        assertEquals(30_000, updates.size());
        Map<String, Long> totals = updates.stream().collect(Collectors.toMap(KeyValue::key, KeyValue::value, Math::max));
        assertEquals(101, totals.size());
        totals.forEach((key, total) -> {
            long k = Long.parseLong(key.substring(4));
            long expected = LongStream.rangeClosed(0, 29_999).filter(x -> x % 101 == k).count();
            assertEquals(expected, total, key);
        });
        assertEquals(30_000, totals.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void aJobDefinedAgainOnTheSameEnvironmentGivesTheSameResultTwice() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        CollectSink<KeyValue<Long, Long>> sinkOfPairs = new CollectSink<>();
        // Keyed by value parity class; the running sums depend on how the two source subtasks
        // interleave, so compare what is deterministic: the final sum per key and the record count.
        Runnable define = () -> env.fromSequence(1, 1_000).map(x -> new KeyValue<>(x % 7, x)).keyBy(KeyValue::key)
                .reduce((a, b) -> new KeyValue<>(a.key(), a.value() + b.value())).sinkTo(sinkOfPairs);
        define.run();
        runToEnd(env);
        Map<Long, Long> first = finalValues(sinkOfPairs.results());
        int firstSize = sinkOfPairs.results().size();
        sinkOfPairs.clear();
        define.run();
        runToEnd(env);
        assertEquals(first, finalValues(sinkOfPairs.results()));
        assertEquals(1_000, firstSize);
        assertEquals(1_000, sinkOfPairs.results().size());
        assertEquals(500_500L, first.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void executeConsumesTheJob_soExecutingAgainWithoutANewJobIsRefusedWithAClearMessage() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
        env.fromSequence(1, 10).sinkTo(new CollectSink<>());
        runToEnd(env);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.executeAsync().awaitResult());

        assertTrue(e.getMessage().contains("already executed") && e.getMessage().contains("define"), e.getMessage());
    }

    @Test
    void theDefaultJobNameIsTheNameOfTheClassThatCreatedTheEnvironment() {
        assertEquals("JobExecutionTest", StreamExecutionEnvironment.getExecutionEnvironment().getJobName());
    }

    @Test
    void unionOfTwoSourcesDeliversEveryRecordOfBoth() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        CollectSink<Long> sink = new CollectSink<>();
        DataStream<Long> low = env.fromSequence(1, 500);
        DataStream<Long> high = env.fromSequence(10_001, 10_300).setParallelism(1);
        low.union(high).map(x -> x + 0).sinkTo(sink);
        runToEnd(env);
        List<Long> expected = LongStream.concat(LongStream.rangeClosed(1, 500), LongStream.rangeClosed(10_001, 10_300))
                .boxed().toList();
        assertEquals(expected, sorted(sink.results()));
    }

    @Test
    void unionWithStreamsOfAnotherEnvironmentIsRejected() {
        DataStream<Long> a = StreamExecutionEnvironment.getExecutionEnvironment().fromSequence(1, 2);
        DataStream<Long> b = StreamExecutionEnvironment.getExecutionEnvironment().fromSequence(1, 2);
        assertThrows(IllegalArgumentException.class, () -> a.union(b));
    }

    @Test
    void rebalanceSpreadsRecordsRoundRobinOverEveryDownstreamSubtask() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
        CollectSink<KeyValue<Integer, Long>> sink = new CollectSink<>();
        env.fromSequence(1, 300).rebalance().map(new TagSubtask<Long>()).setParallelism(3).sinkTo(sink);
        runToEnd(env);
        Map<Integer, Long> perSubtask = sink.results().stream()
                .collect(Collectors.groupingBy(KeyValue::key, Collectors.counting()));
        assertEquals(Map.of(0, 100L, 1, 100L, 2, 100L), perSubtask);
        assertEquals(LongStream.rangeClosed(1, 300).boxed().toList(),
                sorted(sink.results().stream().map(KeyValue::value).toList()));
    }

    @Test
    void unequalParallelismWithoutPartitioningAlsoReachesEveryDownstreamSubtask() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(4);
        CollectSink<KeyValue<Integer, Long>> sink = new CollectSink<>();
        env.fromSequence(1, 4_000).setParallelism(2).map(new TagSubtask<Long>()).sinkTo(sink);
        runToEnd(env);
        Set<Integer> subtasks = sink.results().stream().map(KeyValue::key).collect(Collectors.toSet());
        assertEquals(Set.of(0, 1, 2, 3), subtasks);
        assertEquals(4_000, sink.results().size());
    }

    @Test
    void broadcastDeliversEachRecordOncePerDownstreamSubtask() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(3);
        CollectSink<KeyValue<Integer, String>> sink = new CollectSink<>();
        env.fromElements("a", "b", "c", "d").broadcast().map(new TagSubtask<String>()).sinkTo(sink);
        runToEnd(env);
        List<String> got = sink.results().stream().map(KeyValue::toString).sorted().toList();
        List<String> expected = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            for (String r : List.of("a", "b", "c", "d")) {
                expected.add(s + "," + r);
            }
        }
        assertEquals(expected, got);
    }

    @Test
    void forwardBetweenUnequalParallelismsFailsAtExecuteNamingBothOperators() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        env.fromSequence(1, 10).name("Numbers").forward().map(x -> x).name("Doubler").setParallelism(3)
                .sinkTo(new CollectSink<>());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.executeAsync().awaitResult());
        assertTrue(e.getMessage().contains("'Numbers'"), e.getMessage());
        assertTrue(e.getMessage().contains("'Doubler'"), e.getMessage());
        assertTrue(e.getMessage().contains("rebalance()"), e.getMessage());
    }

    @Test
    void forwardBetweenEqualParallelismsKeepsEachRecordInItsSubtask() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        CollectSink<KeyValue<Integer, KeyValue<Integer, Long>>> sink = new CollectSink<>();
        env.fromSequence(0, 99).map(new TagSubtask<Long>()).forward().map(new TagSubtask<KeyValue<Integer, Long>>())
                .sinkTo(sink);
        runToEnd(env);
        assertEquals(100, sink.results().size());
        sink.results().forEach(r -> assertEquals(r.key(), r.value().key(), r.toString()));
    }

    @Test
    void aStreamReadByTwoSinksDeliversEveryRecordToBoth() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        CollectSink<Long> first = new CollectSink<>();
        CollectSink<Long> second = new CollectSink<>();
        SingleOutputStreamOperator<Long> numbers = env.fromSequence(1, 1_000);
        numbers.sinkTo(first);
        numbers.filter(x -> x > 500).sinkTo(second);
        runToEnd(env);
        assertEquals(LongStream.rangeClosed(1, 1_000).boxed().toList(), sorted(first.results()));
        assertEquals(LongStream.rangeClosed(501, 1_000).boxed().toList(), sorted(second.results()));
    }

    @Test
    void jobResultCountsRecordsInAndOutPerOperator() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2).setJobName("counting");
        env.fromSequence(1, 1_000).name("Numbers")
                .filter(x -> x % 2 == 0).name("Evens")
                .flatMap((Long x, Collector<Long> out) -> {
                    out.collect(x);
                    out.collect(-x);
                }).name("Twice")
                .keyBy(x -> x % 10).count().name("Count")
                .sinkTo(new CollectSink<>()).name("Out");
        JobExecutionResult result = runToEnd(env);
        assertEquals("counting", result.jobName());
        assertEquals(List.of("Numbers", "Evens", "Twice", "Count", "Out"),
                result.operators().stream().map(OperatorStats::name).toList());
        assertEquals(new OperatorStats("Numbers", null, 2, 0, 1_000), result.operator("Numbers"));
        assertEquals(new OperatorStats("Evens", null, 2, 1_000, 500), result.operator("Evens"));
        assertEquals(new OperatorStats("Twice", null, 2, 500, 1_000), result.operator("Twice"));
        assertEquals(new OperatorStats("Count", null, 2, 1_000, 1_000), result.operator("Count"));
        assertEquals(new OperatorStats("Out", null, 2, 1_000, 0), result.operator("Out"));
        assertTrue(result.isSuccess());
        assertTrue(result.duration().toNanos() > 0);
    }

    @Test
    void broadcastRecordsAreCountedOncePerReceivingSubtask() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(3);
        env.fromElements(1, 2, 3, 4, 5).name("Five").broadcast().map(x -> x).name("Copy")
                .sinkTo(new CollectSink<>()).name("Out");
        JobExecutionResult result = runToEnd(env);
        assertEquals(1, result.operator("Five").parallelism());
        assertEquals(5, result.operator("Five").recordsOut());
        assertEquals(15, result.operator("Copy").recordsIn());
        assertEquals(15, result.operator("Out").recordsIn());
    }

    @Test
    void jobResultLooksUpOperatorsByUniqueNameOnly() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
        env.fromElements(1).map(x -> x).map(x -> x).sinkTo(new CollectSink<>());
        JobExecutionResult result = runToEnd(env);
        IllegalArgumentException several = assertThrows(IllegalArgumentException.class, () -> result.operator("Map"));
        assertTrue(several.getMessage().contains("several"), several.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> result.operator("Nope"));
        assertTrue(none.getMessage().contains("no operator"), none.getMessage());
        assertEquals(result, result.orThrow());
    }

    @Test
    void aCollectionSourceKeepsItsOrderAndRunsAsOneSubtask() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(3);
        List<Integer> input = LongStream.range(0, 1_000).mapToObj(i -> (int) ((i * 7919) % 1_000)).toList();
        CollectSink<Integer> sink = new CollectSink<>();
        env.fromCollection(input).name("Shuffled").sinkTo(sink).setParallelism(1);
        JobExecutionResult result = runToEnd(env);
        assertEquals(input, sink.results(), "one subtask, chained to one sink subtask: order kept");
        assertEquals(1, result.operator("Shuffled").parallelism());
    }

    /** Records the call order of a sink subtask into a list shared by all copies. */
    static final class RecordingSink implements Sink<String> {
        private final List<String> events;

        RecordingSink(List<String> events) {
            this.events = events;
        }

        @Override
        public void open(RuntimeContext context) {
            events.add("open " + context.getTaskInfo().getIndexOfThisSubtask() + "/" + context.getTaskInfo().getNumberOfParallelSubtasks());
        }

        @Override
        public void write(String value) {
            events.add("write " + value);
        }

        @Override
        public void finish() {
            events.add("finish");
        }

        @Override
        public void close() {
            events.add("close");
        }
    }

    @Test
    void aSinkIsOpenedThenWrittenThenFinishedThenClosed() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        env.fromElements("x", "y", "z").sinkTo(new RecordingSink(events));
        runToEnd(env);
        assertEquals(List.of("open 0/1", "write x", "write y", "write z", "finish", "close"), events);
    }

    @Test
    void chainedOperatorsRunOnTheSameThreadAndKeyByMovesRecordsToAnother() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        Set<String> mapThreads = ConcurrentHashMap.newKeySet();
        Set<String> keyedThreads = ConcurrentHashMap.newKeySet();
        env.fromSequence(1, 100).name("Numbers")
                .map(x -> {
                    mapThreads.add(Thread.currentThread().getName());
                    return x;
                }).name("Note")
                .keyBy(x -> x % 3)
                .reduce((a, b) -> {
                    keyedThreads.add(Thread.currentThread().getName());
                    return a + b;
                }).name("Sum")
                .sinkTo(new CollectSink<>()).name("Out");
        runToEnd(env);
        assertEquals(2, mapThreads.size(), mapThreads.toString());
        mapThreads.forEach(name -> assertTrue(name.contains("Numbers -> Note"), name));
        assertTrue(keyedThreads.stream().allMatch(name -> name.contains("Sum -> Out")), keyedThreads.toString());
        assertTrue(Collections.disjoint(mapThreads, keyedThreads));
    }
}
