package dev.weir.flink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.configuration.Configuration;
import dev.weir.api.configuration.DeploymentOptions;
import dev.weir.api.windowing.assigners.GlobalWindows;
import dev.weir.api.windowing.triggers.Trigger;
import dev.weir.api.windowing.triggers.TriggerResult;
import dev.weir.api.windowing.windows.GlobalWindow;
import dev.weir.connector.DiscardingSink;
import dev.weir.flink.FlinkJobExecutor;
import dev.weir.flink.FlinkRunnerOptions;
import dev.weir.flink.translate.TranslationException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A job with a construct the Flink runner cannot translate (a user-defined window {@link Trigger}) fails at
 * translation, before anything runs, with a message naming the operator.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class UnsupportedConstructTest {

    @Test
    void aUserDefinedTriggerFailsTranslationWithAMessageNamingTheOperator() throws Exception {
        Throwable failure = failureOf(UserTriggerProgram.build(new String[0]));
        TranslationException translation = find(failure, TranslationException.class);
        assertNotNull(translation, () -> "expected a TranslationException, got " + failure);
        assertTrue(translation.getMessage().contains("every-third"), translation.getMessage());
        assertEquals(List.of(), FlinkProcesses.endLeftovers(Duration.ofSeconds(10)),
                "a job that does not translate should start no cluster");
    }

    /** A job whose window has a trigger of its own: fires every third record of a key. */
    public static final class UserTriggerProgram {
        private UserTriggerProgram() {
        }

        public static void main(String[] args) throws Exception {
            build(args).execute().orThrow();
        }

        static StreamExecutionEnvironment build(String[] args) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
            Configuration configuration = new Configuration();
            configuration.set(DeploymentOptions.TARGET, FlinkJobExecutor.NAME);
            configuration.set(FlinkRunnerOptions.CLUSTER, "local");
            FlinkRunnerOptions.program(configuration, UserTriggerProgram.class, List.of(args));
            env.configure(configuration);
            env.fromSequence(0, 99)
                    .keyBy(i -> i % 3)
                    .window(GlobalWindows.create())
                    .trigger(new EveryThird())
                    .reduce(Long::sum).name("every-third").uid("every-third")
                    .sinkTo(new DiscardingSink<>()).name("discard");
            return env;
        }
    }

    /** Fires and purges every third record of a key and window (element count in no state: a test trigger). */
    static final class EveryThird extends Trigger<Long, GlobalWindow> {
        @Override
        public TriggerResult onElement(Long element, long timestamp, GlobalWindow window, TriggerContext ctx) {
            return element % 3 == 2 ? TriggerResult.FIRE_AND_PURGE : TriggerResult.CONTINUE;
        }

        @Override
        public TriggerResult onProcessingTime(long time, GlobalWindow window, TriggerContext ctx) {
            return TriggerResult.CONTINUE;
        }

        @Override
        public TriggerResult onEventTime(long time, GlobalWindow window, TriggerContext ctx) {
            return TriggerResult.CONTINUE;
        }

        @Override
        public void clear(GlobalWindow window, TriggerContext ctx) {
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
