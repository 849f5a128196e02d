package dev.weir.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.Collector;
import dev.weir.api.KeyValue;
import dev.weir.api.RuntimeContext;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.functions.RichMapFunction;
import dev.weir.connector.CollectSink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorHarnessTest {

    /** Records every lifecycle call and what open saw. */
    static final class LifecycleMap extends RichMapFunction<String, String> {
        final List<String> calls = new ArrayList<>();
        RuntimeContext contextInOpen;

        @Override
        public void open(OpenContext openContext) {
            contextInOpen = getRuntimeContext();
            calls.add("open");
        }

        @Override
        public String map(String value) {
            calls.add("map " + value);
            return value.toUpperCase();
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    @Test
    void openAndCloseAreCalledExactlyOnceEvenWhenRequestedTwice() throws Exception {
        LifecycleMap function = new LifecycleMap();
        OperatorHarness<String, String> harness = OperatorHarness.forMap(function);
        harness.open();
        harness.open();
        harness.processElement("a");
        harness.close();
        harness.close();
        assertEquals(List.of("open", "map a", "close"), function.calls);
    }

    @Test
    void firstRecordOpensTheOperatorImplicitly() throws Exception {
        LifecycleMap function = new LifecycleMap();
        try (OperatorHarness<String, String> harness = OperatorHarness.forMap(function)) {
            harness.processElement("x");
            assertEquals(List.of("open", "map x"), function.calls);
        }
        assertEquals("close", function.calls.get(function.calls.size() - 1));
    }

    @Test
    void closingAHarnessThatNeverOpenedDoesNotCallClose() throws Exception {
        LifecycleMap function = new LifecycleMap();
        OperatorHarness.forMap(function).close();
        assertTrue(function.calls.isEmpty(), function.calls.toString());
    }

    @Test
    void openSeesTheSubtaskConfiguredOnTheBuilder() throws Exception {
        LifecycleMap function = new LifecycleMap();
        try (var harness = OperatorHarness.builder().subtask(2, 4).maxParallelism(64).operatorName("upper")
                .<String, String>build(new dev.weir.runtime.operators.MapOperator<>(function))) {
            harness.open();
        }
        assertEquals(2, function.contextInOpen.getTaskInfo().getIndexOfThisSubtask());
        assertEquals(4, function.contextInOpen.getTaskInfo().getNumberOfParallelSubtasks());
        assertEquals(64, function.contextInOpen.getTaskInfo().getMaxNumberOfParallelSubtasks());
        assertEquals("upper", function.contextInOpen.getTaskInfo().getTaskName());
        assertEquals("harness", function.contextInOpen.getJobInfo().getJobName());
    }

    @Test
    void takeOutputReturnsWhatWasEmittedAndClearsIt() throws Exception {
        try (var harness = OperatorHarness.forMap((String s) -> s + "!")) {
            harness.processElements("a", "b");
            assertEquals(List.of("a!", "b!"), harness.output());
            assertEquals(List.of("a!", "b!"), harness.output(), "output() must not clear");
            assertEquals(List.of("a!", "b!"), harness.takeOutput());
            assertEquals(List.of(), harness.takeOutput());
            harness.processElement("c");
            assertEquals(List.of("c!"), harness.takeOutput());
        }
    }

    @Test
    void exceptionsOfTheFunctionReachTheCallerUnwrapped() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        try (var harness = OperatorHarness.forMap((String s) -> {
            throw boom;
        })) {
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> harness.processElement("a"));
            assertSame(boom, thrown);
        }
    }

    /** Registers a timer at the record's value; emits key@timestamp when it fires. */
    static final class TimerAtValue extends KeyedProcessFunction<String, KeyValue<String, Long>, String> {
        @Override
        public void processElement(KeyValue<String, Long> value, Context context, Collector<String> out) {
            context.timerService().registerProcessingTimeTimer(value.value());
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext context, Collector<String> out) {
            out.collect(context.getCurrentKey() + "@" + timestamp);
        }
    }

    @Test
    void timersDoNotFireBeforeTheirTimeAndFireWhenTheClockReachesIt() throws Exception {
        try (var harness = OperatorHarness.forKeyedProcess(new TimerAtValue(), KeyValue<String, Long>::key)) {
            harness.processElement(new KeyValue<>("a", 100L));
            harness.setProcessingTime(99);
            assertEquals(List.of(), harness.takeOutput());
            assertEquals(99, harness.getProcessingTime());
            harness.setProcessingTime(100);
            assertEquals(List.of("a@100"), harness.takeOutput());
            harness.setProcessingTime(1_000);
            assertEquals(List.of(), harness.takeOutput(), "a timer fires once");
        }
    }

    @Test
    void theClockCannotGoBack() throws Exception {
        try (var harness = OperatorHarness.builder().startTime(500)
                .forKeyedProcess(new TimerAtValue(), KeyValue<String, Long>::key)) {
            assertEquals(500, harness.getProcessingTime());
            harness.setProcessingTime(600);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> harness.setProcessingTime(599));
            assertTrue(e.getMessage().contains("cannot go back"), e.getMessage());
            assertEquals(600, harness.getProcessingTime());
        }
    }

    @Test
    void keyedStateIsExposedOnlyForKeyedOperators() throws Exception {
        try (var keyed = OperatorHarness.forKeyedProcess(new TimerAtValue(), KeyValue<String, Long>::key);
             var plain = OperatorHarness.forMap((String s) -> s)) {
            keyed.open();
            plain.open();
            assertEquals(dev.weir.state.KeyGroupRange.forSubtask(128, 1, 0), keyed.keyedState().getKeyGroupRange());
            assertNull(plain.keyedState());
        }
    }

    @Test
    void aSinkHarnessWritesIntoTheSinkAndEmitsNothing() throws Exception {
        CollectSink<String> sink = new CollectSink<>();
        try (var harness = OperatorHarness.forSink(sink)) {
            harness.processElements("a", "b");
            assertEquals(List.of(), sink.results(), "CollectSink hands over on finish");
            harness.endInput();
            assertEquals(List.of("a", "b"), sink.results());
            assertEquals(List.of(), harness.output());
        }
    }
}
