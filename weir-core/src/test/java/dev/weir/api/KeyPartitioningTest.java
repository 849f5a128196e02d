package dev.weir.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.connector.CollectSink;
import dev.weir.state.KeyGroups;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** keyBy in a running job: every key reaches exactly one subtask, always the same one. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class KeyPartitioningTest {

    /** Emits (key, index of the subtask that processed it). */
    static final class WhereIsMyKey<K, T> extends KeyedProcessFunction<K, T, KeyValue<K, Integer>> {
        private int subtask = -1;

        @Override
        public void open(OpenContext openContext) {
            subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        }

        @Override
        public void processElement(T value, Context context, Collector<KeyValue<K, Integer>> out) {
            out.collect(new KeyValue<>(context.getCurrentKey(), subtask));
        }
    }

    /** Runs the job and returns, per key, the set of subtasks that saw it. */
    private static <K> Map<K, Set<Integer>> run(StreamExecutionEnvironment env, CollectSink<KeyValue<K, Integer>> sink) {
        sink.clear();
        JobExecutionResult result = env.execute();
        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        Map<K, Set<Integer>> subtasksPerKey = new HashMap<>();
        sink.results().forEach(r -> subtasksPerKey.computeIfAbsent(r.key(), k -> new java.util.TreeSet<>())
                .add(r.value()));
        return subtasksPerKey;
    }

    @ParameterizedTest(name = "parallelism {0}, max parallelism {1}")
    @CsvSource({"2, 128", "3, 128", "4, 7", "3, 3"})
    void everyKeyReachesExactlyOneSubtaskTheSameOneOnEveryRunAsKeyGroupsSays(int parallelism, int maxParallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism).setMaxParallelism(maxParallelism);
        CollectSink<KeyValue<String, Integer>> sink = new CollectSink<>();
        Runnable define = () -> env.fromSequence(0, 5_999) // every source subtask sees every key
                .map(x -> "key-" + (x % 500))
                .keyBy(s -> s)
                .process(new WhereIsMyKey<String, String>())
                .sinkTo(sink);

        define.run();
        Map<String, Set<Integer>> first = run(env, sink);
        assertEquals(500, first.size());
        Map<String, Integer> owner = new TreeMap<>();
        first.forEach((key, subtasks) -> {
            assertEquals(1, subtasks.size(), () -> key + " was processed by subtasks " + subtasks);
            owner.put(key, subtasks.iterator().next());
        });
        owner.forEach((key, subtask) -> assertEquals(KeyGroups.subtaskForKey(key, maxParallelism, parallelism),
                subtask, key));
        assertEquals(parallelism, Set.copyOf(owner.values()).size(), "500 keys should use every subtask");

        define.run(); // execute() consumed the job
        Map<String, Set<Integer>> second = run(env, sink);
        assertEquals(first, second);
        assertEquals(6_000, sink.results().size());
    }

    @Test
    void integerKeysAreRoutedLikeKeyGroupsSaysToo() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(3);
        CollectSink<KeyValue<Integer, Integer>> sink = new CollectSink<>();
        env.fromSequence(0, 999).map(x -> (int) (x % 97) - 48).keyBy(x -> x)
                .process(new WhereIsMyKey<Integer, Integer>()).sinkTo(sink);
        Map<Integer, Set<Integer>> seen = run(env, sink);
        assertEquals(97, seen.size());
        seen.forEach((key, subtasks) -> assertEquals(Set.of(KeyGroups.subtaskForKey(key, 128, 3)), subtasks,
                "key " + key));
    }
}
