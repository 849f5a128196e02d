package dev.weir.flink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.configuration.Configuration;
import dev.weir.api.configuration.DeploymentOptions;
import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.windowing.assigners.WindowAssigner;
import dev.weir.api.windowing.triggers.Trigger;
import dev.weir.api.windowing.triggers.TriggerResult;
import dev.weir.api.windowing.windows.Window;
import dev.weir.connector.DiscardingSink;
import dev.weir.flink.FlinkJobExecutor;
import dev.weir.flink.FlinkRunnerOptions;
import dev.weir.flink.translate.TranslationException;
import java.io.DataInput;
import java.io.DataOutput;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A job with a construct the Flink runner cannot translate (a window assigner whose windows are of a class of
 * the user's own: Flink's window operators need Flink window classes) fails at
 * translation, before anything runs, with a message naming the operator.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class UnsupportedConstructTest {

    @Test
    void windowsOfAClassOfTheUsersOwnFailTranslationWithAMessageNamingTheOperator() throws Exception {
        Throwable failure = failureOf(UserWindowProgram.build(new String[0]));
        TranslationException translation = find(failure, TranslationException.class);
        assertNotNull(translation, () -> "expected a TranslationException, got " + failure);
        assertTrue(translation.getMessage().contains("bucket-sums"), translation.getMessage());
        assertEquals(List.of(), FlinkProcesses.endLeftovers(Duration.ofSeconds(10)),
                "a job that does not translate should start no cluster");
    }

    /** A job whose windows are of a class of its own: one bucket per key for all time, fired by count. */
    public static final class UserWindowProgram {
        private UserWindowProgram() {
        }

        public static void main(String[] args) throws Exception {
            build(args).execute().orThrow();
        }

        static StreamExecutionEnvironment build(String[] args) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
            Configuration configuration = new Configuration();
            configuration.set(DeploymentOptions.TARGET, FlinkJobExecutor.NAME);
            configuration.set(FlinkRunnerOptions.CLUSTER, "local");
            FlinkRunnerOptions.program(configuration, UserWindowProgram.class, List.of(args));
            env.configure(configuration);
            env.fromSequence(0, 99)
                    .keyBy(i -> i % 3)
                    .window(new Buckets())
                    .reduce(Long::sum).name("bucket-sums").uid("bucket-sums")
                    .sinkTo(new DiscardingSink<>()).name("discard");
            return env;
        }
    }

    /** A window class of the user's own: the one bucket of a key. */
    static final class Bucket extends Window {
        static final Bucket INSTANCE = new Bucket();

        @Override
        public long maxTimestamp() {
            return Long.MAX_VALUE;
        }
    }

    /** Fires and purges on every third record (by value: a test trigger that keeps no state). */
    static final class EveryThird extends Trigger<Long, Bucket> {
        @Override
        public TriggerResult onElement(Long element, long timestamp, Bucket window, TriggerContext ctx) {
            return element % 3 == 2 ? TriggerResult.FIRE_AND_PURGE : TriggerResult.CONTINUE;
        }

        @Override
        public TriggerResult onProcessingTime(long time, Bucket window, TriggerContext ctx) {
            return TriggerResult.CONTINUE;
        }

        @Override
        public TriggerResult onEventTime(long time, Bucket window, TriggerContext ctx) {
            return TriggerResult.CONTINUE;
        }

        @Override
        public void clear(Bucket window, TriggerContext ctx) {
        }
    }

    /** Puts every record into the one {@link Bucket}; its serializer writes nothing. */
    static final class Buckets extends WindowAssigner<Long, Bucket> {
        @Override
        public Collection<Bucket> assignWindows(Long element, long timestamp, WindowAssignerContext context) {
            return List.of(Bucket.INSTANCE);
        }

        @Override
        public Trigger<Long, Bucket> getDefaultTrigger() {
            return new EveryThird();
        }

        @Override
        public TypeSerializer<Bucket> getWindowSerializer() {
            return new TypeSerializer<>() {
                @Override
                public void serialize(Bucket value, DataOutput out) {
                }

                @Override
                public Bucket deserialize(DataInput in) {
                    return Bucket.INSTANCE;
                }
            };
        }

        @Override
        public boolean isEventTime() {
            return false;
        }
    }

    /** What running the job threw or failed with; null if it succeeded. */
    private static Throwable failureOf(StreamExecutionEnvironment env) {
        try {
            dev.weir.api.JobExecutionResult result = env.executeAsync().getJobExecutionResult().get(50, TimeUnit.SECONDS);
            return result.isSuccess() ? null : result.failureCause();
        } catch (Exception e) {
            return e;
        }
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
