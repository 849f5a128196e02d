package dev.weir.api.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.Collector;
import dev.weir.api.RuntimeContext;
import dev.weir.api.TimeDomain;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.testing.HarnessSnapshot;
import dev.weir.testing.OperatorHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The call order of rich and checkpointed functions, and the contexts the runtime hands them. */
class RichFunctionLifecycleTest {

    /**
     * Records every lifecycle call in order, and counts its records in operator list state so that a
     * restore has something to bring back.
     */
    static final class Recording extends RichMapFunction<String, String> implements CheckpointedFunction {
        final List<String> calls = new ArrayList<>();
        private transient ListState<Long> countState;
        private long count;

        @Override
        public void setRuntimeContext(RuntimeContext runtimeContext) {
            calls.add("setRuntimeContext");
            super.setRuntimeContext(runtimeContext);
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            calls.add("initializeState restored=" + context.isRestored() + " subtask="
                    + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
            countState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("count", Long.class));
            for (Long restored : countState.get()) {
                count += restored;
            }
            assertNull(context.getKeyedStateStore(), "no keyed state on a non-keyed stream");
        }

        @Override
        public void open(OpenContext openContext) {
            calls.add("open count=" + count);
        }

        @Override
        public String map(String value) {
            count++;
            return value;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            calls.add("snapshotState " + context.getCheckpointId());
            assertTrue(context.getCheckpointTimestamp() > 0);
            countState.update(List.of(count));
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    @Test
    void theRuntimeContextIsSetBeforeInitializeStateWhichRunsBeforeOpen() throws Exception {
        Recording function = new Recording();
        try (OperatorHarness<String, String> harness = OperatorHarness.forMap(function)) {
            harness.processElements("a", "b");
            harness.snapshot(7);
        }
        assertEquals(List.of("setRuntimeContext", "initializeState restored=false subtask=0", "open count=0",
                "snapshotState 7", "close"), function.calls);
    }

    @Test
    void afterARestoreInitializeStateSeesIsRestoredAndTheOperatorListStateBeforeOpen() throws Exception {
        HarnessSnapshot snapshot;
        try (OperatorHarness<String, String> harness = OperatorHarness.forMap(new Recording())) {
            harness.processElements("a", "b", "c");
            snapshot = harness.snapshot(3);
        }
        Recording restored = new Recording();
        try (OperatorHarness<String, String> harness = OperatorHarness.builder().restoreFrom(snapshot).forMap(restored)) {
            harness.open();
        }
        assertEquals(List.of("setRuntimeContext", "initializeState restored=true subtask=0", "open count=3", "close"),
                restored.calls);
    }

    @Test
    void closeIsCalledAfterTheFunctionFailed() throws Exception {
        List<String> calls = new ArrayList<>();
        RichMapFunction<String, String> failing = new RichMapFunction<>() {
            @Override
            public void open(OpenContext openContext) {
                calls.add("open");
            }

            @Override
            public String map(String value) {
                throw new IllegalArgumentException("bad record " + value);
            }

            @Override
            public void close() {
                calls.add("close");
            }
        };
        OperatorHarness<String, String> harness = OperatorHarness.forMap(failing);
        assertThrows(IllegalArgumentException.class, () -> harness.processElement("x"));
        harness.close();
        assertEquals(List.of("open", "close"), calls);
    }

    @Test
    void getRuntimeContextBeforeTheRuntimeSetItNamesTheProblem() {
        RichFilterFunction<String> filter = new RichFilterFunction<>() {
            @Override
            public boolean filter(String value) {
                return true;
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, filter::getRuntimeContext);
        assertTrue(e.getMessage().contains("open"), e.getMessage());
    }

    @Test
    void aTimerOnANonKeyedStreamFailsAndSaysThatTimersNeedAKeyedStream() throws Exception {
        ProcessFunction<String, String> withTimer = new ProcessFunction<>() {
            @Override
            public void processElement(String value, Context ctx, Collector<String> out) {
                ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 10);
            }
        };
        try (OperatorHarness<String, String> harness = OperatorHarness.builder().operatorName("Alarm")
                .forProcess(withTimer)) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> harness.processElement("a"));
            assertTrue(e.getMessage().contains("keyed stream") && e.getMessage().contains("'Alarm'")
                    && e.getMessage().contains("keyBy"), e.getMessage());
        }
    }

    @Test
    void aNonKeyedProcessFunctionReadsTheClocksWithoutEventTime() throws Exception {
        ProcessFunction<String, String> stamp = new ProcessFunction<>() {
            @Override
            public void processElement(String value, Context ctx, Collector<String> out) {
                out.collect(value + "@" + ctx.timerService().currentProcessingTime() + " ts=" + ctx.timestamp()
                        + " wm=" + (ctx.timerService().currentWatermark() == Long.MIN_VALUE ? "min" : "set"));
            }
        };
        try (OperatorHarness<String, String> harness = OperatorHarness.builder().startTime(40).forProcess(stamp)) {
            harness.processElement("a");
            assertEquals(List.of("a@40 ts=null wm=min"), harness.takeOutput());
        }
    }

    /** Uses the inner context types as qualified types, as Flink code does in helper methods. */
    static final class QualifiedContexts extends KeyedProcessFunction<String, Long, String> {
        private transient ValueState<Long> last;

        @Override
        public void open(OpenContext openContext) {
            last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<String> out) {
            last.update(value);
            schedule(ctx, value);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            out.collect(describe(ctx, timestamp));
        }

        private static void schedule(KeyedProcessFunction<String, Long, String>.Context ctx, long at) {
            ctx.timerService().registerProcessingTimeTimer(at);
        }

        private String describe(KeyedProcessFunction<String, Long, String>.OnTimerContext ctx, long timestamp) {
            return ctx.getCurrentKey() + "@" + timestamp + " " + ctx.timeDomain() + " last=" + last.value();
        }
    }

    @Test
    void onTimerSaysItsTimeDomainAndTheContextsCanBeNamedAsQualifiedTypes() throws Exception {
        try (OperatorHarness<Long, String> harness = OperatorHarness.forKeyedProcess(new QualifiedContexts(),
                value -> value % 2 == 0 ? "even" : "odd")) {
            harness.processElements(10L, 15L);
            harness.setProcessingTime(20);
            assertEquals(List.of("even@10 PROCESSING_TIME last=10", "odd@15 PROCESSING_TIME last=15"),
                    harness.takeOutput());
        }
        assertEquals(TimeDomain.PROCESSING_TIME, TimeDomain.valueOf("PROCESSING_TIME"));
    }

    @Test
    void onAKeyedStreamInitializeStateGetsTheKeyedStateStore() throws Exception {
        class KeyedCheckpointed extends KeyedProcessFunction<String, Long, Long> implements CheckpointedFunction {
            private transient ValueState<Long> sum;

            @Override
            public void initializeState(FunctionInitializationContext context) {
                assertNotNull(context.getKeyedStateStore());
                assertFalse(context.isRestored());
                sum = context.getKeyedStateStore().getState(new ValueStateDescriptor<>("sum", Long.class));
            }

            @Override
            public void snapshotState(FunctionSnapshotContext context) {
            }

            @Override
            public void processElement(Long value, Context ctx, Collector<Long> out) {
                sum.update((sum.value() == null ? 0 : sum.value()) + value);
                out.collect(sum.value());
            }
        }
        try (OperatorHarness<Long, Long> harness = OperatorHarness.forKeyedProcess(new KeyedCheckpointed(),
                value -> value < 10 ? "small" : "large")) {
            harness.processElements(1L, 2L, 10L, 3L);
            assertEquals(List.of(1L, 3L, 10L, 6L), harness.takeOutput());
        }
    }

    @Test
    void taskInfoNamesTheSubtaskAsFlinkDoes() throws Exception {
        List<String> seen = new ArrayList<>();
        RichMapFunction<String, String> function = new RichMapFunction<>() {
            @Override
            public void open(OpenContext openContext) {
                var task = getRuntimeContext().getTaskInfo();
                seen.add(task.getTaskNameWithSubtasks() + " max=" + task.getMaxNumberOfParallelSubtasks()
                        + " attempt=" + task.getAttemptNumber() + " job=" + getRuntimeContext().getJobInfo().getJobName());
            }

            @Override
            public String map(String value) {
                return value;
            }
        };
        try (OperatorHarness<String, String> harness = OperatorHarness.builder().operatorName("Upper").subtask(1, 3)
                .maxParallelism(32).forMap(function)) {
            harness.open();
        }
        assertEquals(List.of("Upper (2/3)#0 max=32 attempt=0 job=harness"), seen);
    }
}
