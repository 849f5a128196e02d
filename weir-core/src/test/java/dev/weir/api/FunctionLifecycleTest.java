package dev.weir.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.functions.OpenContext;
import dev.weir.api.functions.RichMapFunction;
import dev.weir.connector.CollectSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** open/close of user functions in a job, and the per-subtask copies of function objects. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FunctionLifecycleTest {

    /**
     * Settings come through the constructor (shared by all copies); per-subtask fields are set in
     * open. If the subtasks shared one object, their fields would overwrite each other.
     */
    static final class SubtaskAwareMap extends RichMapFunction<Long, String> {
        private final AtomicInteger opens;
        private final AtomicInteger closes;
        private final Map<String, Integer> seenPerSubtask;
        private int subtask = -1;
        private int parallelism = -1;
        private List<Long> seen;

        SubtaskAwareMap(AtomicInteger opens, AtomicInteger closes, Map<String, Integer> seenPerSubtask) {
            this.opens = opens;
            this.closes = closes;
            this.seenPerSubtask = seenPerSubtask;
        }

        @Override
        public void open(OpenContext openContext) {
            RuntimeContext context = getRuntimeContext();
            opens.incrementAndGet();
            subtask = context.getTaskInfo().getIndexOfThisSubtask();
            parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
            seen = new ArrayList<>();
        }

        @Override
        public String map(Long value) {
            seen.add(value);
            return subtask + "/" + parallelism;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            seenPerSubtask.put(subtask + "/" + parallelism, seen.size());
        }
    }

    @Test
    void eachSubtaskOpensAndClosesItsOwnCopyOfTheFunction() {
        AtomicInteger opens = new AtomicInteger();
        AtomicInteger closes = new AtomicInteger();
        Map<String, Integer> seenPerSubtask = new ConcurrentHashMap<>();
        SubtaskAwareMap original = new SubtaskAwareMap(opens, closes, seenPerSubtask);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(3);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSequence(1, 300).map(original).sinkTo(sink);
        JobExecutionResult result = env.execute();
        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));

        assertEquals(3, opens.get());
        assertEquals(3, closes.get());
        Map<String, Long> tags = sink.results().stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        assertEquals(Map.of("0/3", 100L, "1/3", 100L, "2/3", 100L), tags);
        assertEquals(Map.of("0/3", 100, "1/3", 100, "2/3", 100), seenPerSubtask);
        assertEquals(-1, original.subtask, "the object given to the API is never opened itself");
        assertNull(original.seen);
    }

    @Test
    void openSeesJobNameOperatorNameAndMaxParallelism() {
        Map<String, String> seen = new ConcurrentHashMap<>();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2).setMaxParallelism(64).setJobName("life");
        env.fromSequence(1, 10).map(new RichMapFunction<Long, Long>() {
            @Override
            public void open(OpenContext openContext) {
                RuntimeContext context = getRuntimeContext();
                seen.put("job", context.getJobInfo().getJobName());
                seen.put("operator", context.getTaskInfo().getTaskName());
                seen.put("max", String.valueOf(context.getTaskInfo().getMaxNumberOfParallelSubtasks()));
                seen.put("parallelism", String.valueOf(context.getTaskInfo().getNumberOfParallelSubtasks()));
            }

            @Override
            public Long map(Long value) {
                return value;
            }
        }).name("Identity").sinkTo(new CollectSink<>());
        assertEquals(JobStatus.FINISHED, env.execute().status());
        assertEquals(Map.of("job", "life", "operator", "Identity", "max", "64", "parallelism", "2"), seen);
    }

    @Test
    void whenAFunctionFailsInAJob_thenEverySubtaskCopyThatOpenedIsClosed() throws InterruptedException {
        Set<Integer> opened = ConcurrentHashMap.newKeySet();
        Set<Integer> closed = ConcurrentHashMap.newKeySet();
        AtomicInteger failedSubtask = new AtomicInteger(-1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(3);
        env.fromSequence(1, 300).map(new RichMapFunction<Long, Long>() {
            @Override
            public void open(OpenContext openContext) {
                opened.add(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
            }

            @Override
            public Long map(Long value) {
                if (value == 150) {
                    failedSubtask.set(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
                    throw new IllegalStateException("record 150 is poison");
                }
                return value;
            }

            @Override
            public void close() {
                closed.add(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
            }
        }).sinkTo(new CollectSink<>());
        JobExecutionResult result = env.executeAsync().awaitResult();
        assertEquals(JobStatus.FAILED, result.status());
        assertTrue(closed.contains(failedSubtask.get()), "the copy that failed is closed: " + closed);
        assertTrue(closed.containsAll(opened), "opened " + opened + ", closed " + closed);
    }
}
