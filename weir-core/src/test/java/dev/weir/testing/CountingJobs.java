package dev.weir.testing;

import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.api.Collector;
import dev.weir.api.JobClient;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.RuntimeContext;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.functions.RichMapFunction;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The pieces of the exactly-once state tests (heap and RocksDB): keyed events, a running count
 * per key that publishes each new count, a map that fails at a chosen record in chosen attempts,
 * and the counts a correct run ends with. Shared through weir-core's test jar.
 */
public final class CountingJobs {
    private CountingJobs() {
    }

    public record Event(long key, long seq) {
    }

    /** Running count per key in keyed state; publishes each new count, so the last write per key is final. */
    public static final class CountPerKey extends KeyedProcessFunction<Long, Event, Long> {
        final Map<Long, Long> finalCounts;
        transient ValueState<Long> count;

        public CountPerKey(Map<Long, Long> finalCounts) {
            this.finalCounts = finalCounts;
        }

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Event event, Context context, Collector<Long> out) {
            Long c = count.value();
            long next = (c == null ? 0 : c) + 1;
            count.update(next);
            finalCounts.put(event.key(), next);
            out.collect(next);
        }
    }

    /** Fails subtask 0 at its n-th record in the listed attempts. */
    public static final class FailAtRecord extends RichMapFunction<Event, Event> {
        final long failAt;
        final int[] attempts;
        transient long seen;
        transient boolean armed;

        public FailAtRecord(long failAt, int... attempts) {
            this.failAt = failAt;
            this.attempts = attempts;
        }

        @Override
        public void open(OpenContext openContext) {
            RuntimeContext context = getRuntimeContext();
            armed = context.getTaskInfo().getIndexOfThisSubtask() == 0
                    && Arrays.stream(attempts).anyMatch(a -> a == context.getTaskInfo().getAttemptNumber());
        }

        @Override
        public Event map(Event value) {
            if (armed && ++seen == failAt) {
                throw new IllegalStateException("injected failure at record " + failAt);
            }
            return value;
        }
    }

    /** Events {@code seqOffset + i} for i in 0..records-1, with key {@code i % keys}. */
    public static DataGeneratorSource<Event> events(long records, long keys, long seqOffset) {
        return new DataGeneratorSource<>(i -> new Event(i % keys, seqOffset + i), records);
    }

    /** The same, at most {@code recordsPerSecond} in total. */
    public static DataGeneratorSource<Event> events(long records, long keys, long seqOffset, double recordsPerSecond) {
        return new DataGeneratorSource<>(i -> new Event(i % keys, seqOffset + i), records,
                dev.weir.api.connector.RateLimiterStrategy.perSecond(recordsPerSecond));
    }

    /** Keys 0..keys-1, each counted to {@code perKey}. */
    public static Map<Long, Long> expectedCounts(long keys, long perKey) {
        Map<Long, Long> expected = new HashMap<>();
        for (long k = 0; k < keys; k++) {
            expected.put(k, perKey);
        }
        return expected;
    }

    /** The job's result; cancels it and fails the test if it does not end in time. */
    public static JobExecutionResult await(JobClient client, Duration timeout) throws InterruptedException {
        try {
            return client.awaitResult(timeout);
        } catch (TimeoutException e) {
            client.cancel();
            throw new AssertionError("job '" + client.getJobName() + "' did not end within " + timeout, e);
        }
    }
}
