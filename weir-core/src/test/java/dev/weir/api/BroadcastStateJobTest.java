package dev.weir.api;

import static dev.weir.testing.CountingJobs.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.BroadcastProcessFunction;
import dev.weir.api.functions.KeyedBroadcastProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.testing.FaultInjector;
import dev.weir.api.typeinfo.Types;
import dev.weir.connector.CollectSink;
import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.testing.CommittedFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs with broadcast state: payments checked against rules broadcast to every task, across failures. */
class BroadcastStateJobTest {
    private static final long PAYMENTS = 20_000;
    private static final long RULES = 2_000;
    private static final long ACCOUNTS = 40;
    static final MapStateDescriptor<Long, Long> THRESHOLDS =
            new MapStateDescriptor<>("thresholds", Types.LONG, Types.LONG);

    @TempDir
    Path dir;

    /** The environment of the jobs (heap state; the RocksDB variant of this test overrides it). */
    StreamExecutionEnvironment environment() {
        return StreamExecutionEnvironment.getExecutionEnvironment();
    }

    record Payment(long id, long account, long amount, long time) {
    }

    /** From {@code time} on, payments above {@code threshold} raise an alert. */
    record Rule(long threshold, long time) {
    }

    private static Payment payment(long i) {
        return new Payment(i, i % ACCOUNTS, (i * 13) % 100, 2 * i);
    }

    private static Rule rule(long j) {
        return new Rule((j * 37) % 100, 20 * j + 1);
    }

    /**
     * Raises "id,account,amount,threshold" for each payment above the threshold in force at the
     * payment's event time. Rules are kept by time in the broadcast state; payments wait in keyed state
     * until the watermark of both inputs passes their time, so the result does not depend on how the
     * two inputs interleave.
     */
    static final class CheckPayments extends KeyedBroadcastProcessFunction<Long, Payment, Rule, String> {
        private transient MapState<Long, Long> pending;
        private transient long paymentsSeen;
        private transient boolean failOnce;

        @Override
        public void open(OpenContext openContext) {
            pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Long.class, Long.class));
            failOnce = getRuntimeContext().getTaskInfo().getAttemptNumber() == 1
                    && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
        }

        @Override
        public void processElement(Payment payment, ReadOnlyContext ctx, Collector<String> out) throws Exception {
            if (failOnce && ++paymentsSeen == 3_000) {
                throw new IllegalStateException("injected failure at the 3000th payment of the second attempt");
            }
            pending.put(payment.id(), payment.time());
            ctx.timerService().registerEventTimeTimer(payment.time());
        }

        @Override
        public void processBroadcastElement(Rule rule, Context ctx, Collector<String> out) throws Exception {
            ctx.getBroadcastState(THRESHOLDS).put(rule.time(), rule.threshold());
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
            List<Long> done = new ArrayList<>();
            for (Map.Entry<Long, Long> waiting : pending.entries()) {
                if (waiting.getValue() > timestamp) {
                    continue;
                }
                long bestTime = Long.MIN_VALUE;
                long threshold = Long.MAX_VALUE;
                for (Map.Entry<Long, Long> rule : ctx.getBroadcastState(THRESHOLDS).immutableEntries()) {
                    if (rule.getKey() <= waiting.getValue() && rule.getKey() > bestTime) {
                        bestTime = rule.getKey();
                        threshold = rule.getValue();
                    }
                }
                Payment payment = payment(waiting.getKey());
                if (payment.amount() > threshold) {
                    out.collect(payment.id() + "," + ctx.getCurrentKey() + "," + payment.amount() + "," + threshold);
                }
                done.add(waiting.getKey());
            }
            for (Long id : done) {
                pending.remove(id);
            }
        }
    }

    /** The same check in plain Java over the generated inputs. */
    private static List<String> expectedAlerts() {
        List<String> expected = new ArrayList<>();
        for (long i = 0; i < PAYMENTS; i++) {
            Payment payment = payment(i);
            long threshold = Long.MAX_VALUE;
            for (long j = 0; j < RULES; j++) {
                if (rule(j).time() <= payment.time()) {
                    threshold = rule(j).threshold(); // rule times rise with j: the last one in force wins
                }
            }
            if (payment.amount() > threshold) {
                expected.add(payment.id() + "," + payment.account() + "," + payment.amount() + "," + threshold);
            }
        }
        expected.sort(null);
        return expected;
    }

    @Test
    void whenPaymentsAreCheckedAgainstRulesBroadcastToEveryTaskAcrossFailures_thenTheAlertsEqualTheReferenceExactly()
            throws Exception {
        Path out = dir.resolve("out");
        StreamExecutionEnvironment env = environment().setParallelism(2).setJobName("payment-rules");
        env.enableCheckpointing(20, CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        env.setRestartStrategy(RestartStrategy.fixedDelay(5, Duration.ofMillis(1)));
        env.setFaultInjector((point, task, checkpointId, attempt) -> {
            if (attempt == 0 && point == FaultInjector.Point.SYNC_SNAPSHOT && task.operatorName().equals("check")
                    && checkpointId == 2) {
                throw new FaultInjector.InjectedFault("injected in the snapshot of checkpoint 2 of " + task);
            }
        });
        DataStream<Payment> payments = env.fromSource(new DataGeneratorSource<>(BroadcastStateJobTest::payment,
                        PAYMENTS, RateLimiterStrategy.perSecond(10_000)),
                WatermarkStrategy.<Payment>forMonotonousTimestamps().withTimestampAssigner((p, previous) -> p.time()),
                "payments").uid("payments");
        DataStream<Rule> rules = env.fromSource(new DataGeneratorSource<>(BroadcastStateJobTest::rule, RULES,
                        RateLimiterStrategy.perSecond(1_000)),
                WatermarkStrategy.<Rule>forMonotonousTimestamps().withTimestampAssigner((r, previous) -> r.time()),
                "rules").uid("rules");
        payments.keyBy(Payment::account)
                .connect(rules.broadcast(THRESHOLDS))
                .process(new CheckPayments()).name("check").uid("check")
                .sinkTo(CommittedFiles.lineSink(out));

        JobExecutionResult result = await(env.executeAsync(), Duration.ofSeconds(60));

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertTrue(result.restarts() >= 2, () -> "the injected snapshot failure and record failure: " + result.restarts() + " " + result.checkpoints());
        assertTrue(result.completedCheckpoints().size() >= 2, result.checkpoints()::toString);
        List<String> expected = expectedAlerts();
        assertTrue(expected.size() > 1_000, "the reference has alerts to compare: " + expected.size());
        assertEquals(expected, CommittedFiles.sortedLines(out));
    }

    @Test
    void everyBroadcastRecordReachesEverySubtask_ofANonKeyedBroadcastProcessFunction() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(3);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSequence(1, 30).connect(env.fromData("a", "b").broadcast(new MapStateDescriptor<>("seen", Types.STRING,
                Types.STRING))).process(new BroadcastProcessFunction<Long, String, String>() {
                    @Override
                    public void processElement(Long value, ReadOnlyContext ctx, Collector<String> out) {
                    }

                    @Override
                    public void processBroadcastElement(String value, Context ctx, Collector<String> out) {
                        out.collect(value + " at " + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
                    }
                }).sinkTo(sink);

        env.execute();

        assertEquals(List.of("a at 0", "a at 1", "a at 2", "b at 0", "b at 1", "b at 2"),
                sink.results().stream().sorted().toList());
    }

    @Test
    void aKeyedBroadcastProcessFunctionOnAStreamThatIsNotKeyedIsRefusedSayingToKeyIt() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        BroadcastConnectedStream<Long, Long> connected = env.fromSequence(1, 2)
                .connect(env.fromSequence(3, 4).broadcast(new MapStateDescriptor<>("s", Types.LONG, Types.LONG)));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> connected.process(new KeyedBroadcastProcessFunction<Long, Long, Long, Long>() {
                    @Override
                    public void processElement(Long value, ReadOnlyContext ctx, Collector<Long> out) {
                    }

                    @Override
                    public void processBroadcastElement(Long value, Context ctx, Collector<Long> out) {
                    }
                }));
        assertTrue(refused.getMessage().contains("keyBy(..)"), refused.getMessage());
    }
}
