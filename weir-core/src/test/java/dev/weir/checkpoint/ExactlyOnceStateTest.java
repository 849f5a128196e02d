package dev.weir.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.Collector;
import dev.weir.api.JobResult;
import dev.weir.api.JobStatus;
import dev.weir.api.RestartStrategy;
import dev.weir.api.RuntimeContext;
import dev.weir.api.StreamEnvironment;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.connector.GeneratorSource;
import dev.weir.runtime.FaultInjector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExactlyOnceStateTest {
    @TempDir
    Path dir;

    record Event(long key, long seq) {
    }

    /** Running count per key; after the last record of a key, publishes the final count. */
    static final class CountPerKey implements KeyedProcessFunction<Long, Event, Long> {
        final Map<Long, Long> finalCounts;
        final long recordsPerKey;
        transient ValueState<Long> count;

        CountPerKey(Map<Long, Long> finalCounts, long recordsPerKey) {
            this.finalCounts = finalCounts;
            this.recordsPerKey = recordsPerKey;
        }

        @Override
        public void open(RuntimeContext context) {
            count = context.getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Event event, Context<Long> context, Collector<Long> out) {
            Long c = count.value();
            long next = (c == null ? 0 : c) + 1;
            count.update(next);
            // The state at the end of the input is what counts: record it per key, last write wins.
            finalCounts.put(event.key(), next);
            out.collect(next);
        }
    }

    @Test
    void withFailuresInjectedAtRecordsSyncAsyncAndRestore_finalStateEqualsTheInputExactly() {
        long records = 400_000;
        int keys = 100;
        Map<Long, Long> finalCounts = new ConcurrentHashMap<>();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setJobName("exactly-once");
        env.enableCheckpointing(Duration.ofMillis(30));
        env.getCheckpointConfig().setDirectory(dir.toString());
        env.setRestartStrategy(RestartStrategy.fixedDelay(20, Duration.ofMillis(1)));
        // Fault plan: each attempt fails once, at a different protocol point.
        env.setFaultInjector((point, task, checkpointId, attempt) -> {
            boolean fail = switch (attempt) {
                case 1, 5, 9 -> point == FaultInjector.Point.SYNC_SNAPSHOT && checkpointId % 3 == 0;
                case 2, 6 -> point == FaultInjector.Point.ASYNC_SNAPSHOT && checkpointId % 2 == 0;
                case 3, 7 -> point == FaultInjector.Point.RESTORE;
                default -> false;
            };
            if (fail) {
                throw new FaultInjector.InjectedFault("injected at " + point + " of " + task.describe()
                        + " in checkpoint " + checkpointId + ", attempt " + attempt);
            }
        });
        GeneratorSource<Event> source = GeneratorSource.of(records, i -> new Event(i % keys, i)).withRate(200_000);
        env.fromSource(source, "events").uid("events")
                .map(new FailAtRecord(3_000, new int[] {0, 4, 8}))
                .keyBy(Event::key)
                .process(new CountPerKey(finalCounts, records / keys)).uid("count")
                .sinkTo(value -> { });

        JobResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertTrue(result.restarts() >= 6, "restarts: " + result.restarts());
        assertTrue(result.completedCheckpoints().size() >= 3, "checkpoints: " + result.checkpoints());
        Map<Long, Long> expected = new HashMap<>();
        for (long k = 0; k < keys; k++) {
            expected.put(k, records / keys);
        }
        assertEquals(expected, new HashMap<>(finalCounts));
    }

    /** Fails the first subtask at its n-th record in the listed attempts. */
    static final class FailAtRecord implements dev.weir.api.functions.MapFunction<Event, Event> {
        final long failAt;
        final int[] attempts;
        transient long seen;
        transient boolean armed;

        FailAtRecord(long failAt, int[] attempts) {
            this.failAt = failAt;
            this.attempts = attempts;
        }

        @Override
        public void open(RuntimeContext context) {
            armed = context.getSubtaskIndex() == 0
                    && java.util.Arrays.stream(attempts).anyMatch(a -> a == context.getAttemptNumber());
        }

        @Override
        public Event map(Event value) {
            if (armed && ++seen == failAt) {
                throw new IllegalStateException("injected failure at record " + failAt);
            }
            return value;
        }
    }
}
