package dev.weir.runtime;

import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.Collector;
import dev.weir.api.JobClient;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.RestartStrategy;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.testing.FaultInjector;
import dev.weir.testing.CountingJobs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code Error} on any engine thread — a task, the checkpoint coordinator, a snapshot writer, a
 * timer, the job's supervisor — fails the job within a bounded time: the result is FAILED and
 * names the error; it never hangs and never reports FINISHED. The jobs read an endless source, so
 * an error that got lost would leave them running until the test's timeout.
 */
class EngineThreadErrorTest {
    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private StreamExecutionEnvironment endlessJob(String name) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2).setJobName(name);
        env.enableCheckpointing(20);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(1_000); // a failed checkpoint alone never fails the job
        env.fromSource(new DataGeneratorSource<>(i -> i % 10, Long.MAX_VALUE, RateLimiterStrategy.perSecond(20_000)), WatermarkStrategy.noWatermarks(), "endless").uid("endless")
                .keyBy(x -> x).map(x -> x).uid("pass").sinkTo(x -> { });
        return env;
    }

    private static JobExecutionResult run(StreamExecutionEnvironment env) throws InterruptedException {
        JobClient client = env.executeAsync();
        return CountingJobs.await(client, BOUND);
    }

    private static void assertFailedWith(JobExecutionResult result, Class<? extends Throwable> type, String message) {
        assertEquals(JobStatus.FAILED, result.status(), () -> String.valueOf(result.failureCause()));
        for (Throwable t = result.failureCause(); t != null; t = t.getCause()) {
            if (type.isInstance(t) && String.valueOf(t.getMessage()).contains(message)) {
                return;
            }
        }
        throw new AssertionError("the failure does not name " + type.getSimpleName() + " '" + message + "': "
                + result.failureCause(), result.failureCause());
    }

    /** Throws {@code error} the first time it is called at {@code point}. */
    private static FaultInjector once(FaultInjector.Point at, Error error) {
        AtomicInteger calls = new AtomicInteger();
        return (point, task, checkpointId, attempt) -> {
            if (point == at && calls.getAndIncrement() == 0) {
                throw error;
            }
        };
    }

    @Test
    void anErrorInATaskFailsTheJob() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2).setJobName("task-error");
        AtomicInteger seen = new AtomicInteger();
        env.fromSource(new DataGeneratorSource<>(i -> i, Long.MAX_VALUE, RateLimiterStrategy.perSecond(20_000)), WatermarkStrategy.noWatermarks(), "endless")
                .map(x -> {
                    if (seen.incrementAndGet() == 500) {
                        throw new InternalError("task broke");
                    }
                    return x;
                }).sinkTo(x -> { });
        assertFailedWith(run(env), InternalError.class, "task broke");
    }

    @Test
    void anErrorInTheCheckpointCoordinatorFailsTheJob() throws Exception {
        StreamExecutionEnvironment env = endlessJob("coordinator-error");
        env.setFaultInjector(once(FaultInjector.Point.AFTER_METADATA, new InternalError("coordinator broke")));
        assertFailedWith(run(env), InternalError.class, "coordinator broke");
    }

    @Test
    void anErrorInASnapshotWriterFailsTheJobNotOnlyTheCheckpoint() throws Exception {
        StreamExecutionEnvironment env = endlessJob("writer-error");
        env.setFaultInjector(once(FaultInjector.Point.ASYNC_SNAPSHOT, new InternalError("snapshot writer broke")));
        assertFailedWith(run(env), InternalError.class, "snapshot writer broke");
    }

    static final class FailingTimer extends KeyedProcessFunction<Long, Long, Long> {
        @Override
        public void processElement(Long value, Context context, Collector<Long> out) {
            context.timerService().registerProcessingTimeTimer(context.timerService().currentProcessingTime() + 5);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext context, Collector<Long> out) {
            throw new InternalError("timer broke");
        }
    }

    @Test
    void anErrorInATimerFailsTheJob() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1).setJobName("timer-error");
        env.fromSource(new DataGeneratorSource<>(i -> 42L, Long.MAX_VALUE, RateLimiterStrategy.perSecond(1_000)), WatermarkStrategy.noWatermarks(), "endless")
                .keyBy(x -> x).process(new FailingTimer()).sinkTo(x -> { });
        assertFailedWith(run(env), InternalError.class, "timer broke");
    }

    @Test
    void aThrowableOnTheTimerThreadItselfReachesTheJobsFailureHandler() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            CompletableFuture<Throwable> reported = new CompletableFuture<>();
            // A mailbox without its task's wakeup: posting into it throws on the timer thread.
            SystemProcessingTimeService timers = new SystemProcessingTimeService(scheduler, new Mailbox(null),
                    reported::complete);
            timers.registerTimer(timers.currentTimeMillis(), timestamp -> { });
            assertInstanceOf(NullPointerException.class, reported.get(BOUND.toSeconds(), TimeUnit.SECONDS));
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void anOutOfMemoryErrorIsNotRestartedAndItsMessageNamesTheHeap() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1).setJobName("oom");
        env.setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ofMillis(10)));
        AtomicInteger seen = new AtomicInteger();
        env.fromSource(new DataGeneratorSource<>(i -> i, Long.MAX_VALUE, RateLimiterStrategy.perSecond(20_000)), WatermarkStrategy.noWatermarks(), "endless")
                .map(x -> {
                    if (seen.incrementAndGet() % 500 == 0) {
                        throw new OutOfMemoryError("Java heap space (simulated)");
                    }
                    return x;
                }).sinkTo(x -> { });
        JobExecutionResult result = run(env);
        assertFailedWith(result, OutOfMemoryError.class, "Java heap space (simulated)");
        assertEquals(0, result.restarts(), "an OutOfMemoryError must not be restarted");
        OutOfMemoryError named = assertInstanceOf(OutOfMemoryError.class, result.failureCause());
        assertTrue(named.getMessage().contains("job 'oom' ran out of Java heap (maximum ")
                && named.getMessage().contains("-Xmx"), named.getMessage());
    }

    @Test
    void anotherErrorIsRestartedAsTheStrategySays() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1).setJobName("restarted");
        env.setRestartStrategy(RestartStrategy.fixedDelay(2, Duration.ofMillis(10)));
        AtomicInteger seen = new AtomicInteger();
        env.fromSource(new DataGeneratorSource<>(i -> i, Long.MAX_VALUE, RateLimiterStrategy.perSecond(20_000)), WatermarkStrategy.noWatermarks(), "endless")
                .map(x -> {
                    if (seen.incrementAndGet() % 500 == 0) {
                        throw new InternalError("broke again");
                    }
                    return x;
                }).sinkTo(x -> { });
        JobExecutionResult result = run(env);
        assertFailedWith(result, InternalError.class, "broke again");
        assertEquals(2, result.restarts());
    }

    @Test
    void aSupervisorThatFailsStillCompletesTheResultAsFailed() throws Exception {
        StreamExecutionEnvironment env = endlessJob("supervisor-error");
        JobClient client = env.executeAsync();
        Thread supervisor = null;
        for (long deadline = System.nanoTime() + BOUND.toNanos(); supervisor == null && System.nanoTime() < deadline; ) {
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().equals("weir-job: supervisor-error")) {
                    supervisor = thread;
                }
            }
        }
        assertNotNull(supervisor, "no supervisor thread");
        supervisor.interrupt(); // its wait for the run throws: the supervisor fails while the tasks run
        JobExecutionResult result = CountingJobs.await(client, BOUND);
        assertFailedWith(result, InterruptedException.class, "");
        supervisor.join(5_000);
        assertTrue(!supervisor.isAlive(), "the supervisor is still running");
    }

    @Test
    void aJobThatReachesItsEndIsFinished() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2).setJobName("ends");
        env.enableCheckpointing(20);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        env.fromSource(new DataGeneratorSource<>(i -> i % 10, 10_000), WatermarkStrategy.noWatermarks(), "bounded").keyBy(x -> x).map(x -> x).sinkTo(x -> { });
        JobExecutionResult result = run(env);
        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
    }
}
