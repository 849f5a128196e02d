package dev.weir.runtime.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.Collector;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.functions.ProcessFunction;
import dev.weir.api.functions.RichMapFunction;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.testing.OperatorHarness;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatelessOperatorsTest {

    @Test
    void mapEmitsExactlyOneResultPerRecordInOrder() throws Exception {
        try (var harness = OperatorHarness.forMap((Integer x) -> x * 10)) {
            harness.processElements(3, 1, 2);
            assertEquals(List.of(30, 10, 20), harness.takeOutput());
        }
    }

    @Test
    void flatMapEmitsZeroOrManyRecordsPerInput() throws Exception {
        try (var harness = OperatorHarness.forFlatMap((String line, Collector<String> out) -> {
            for (String word : line.split(" ")) {
                if (!word.isEmpty()) {
                    out.collect(word);
                }
            }
        })) {
            harness.processElement("to be or");
            harness.processElement("");
            harness.processElement("not");
            assertEquals(List.of("to", "be", "or", "not"), harness.takeOutput());
        }
    }

    @Test
    void filterKeepsOnlyRecordsForWhichItReturnsTrue() throws Exception {
        try (var harness = OperatorHarness.forFilter((Integer x) -> x % 2 == 0)) {
            harness.processElements(1, 2, 3, 4, 6, 7);
            assertEquals(List.of(2, 4, 6), harness.takeOutput());
        }
    }

    @Test
    void processFunctionReadsTheManualProcessingTime() throws Exception {
        ProcessFunction<String, String> stamp = new ProcessFunction<>() {
            @Override
            public void processElement(String value, Context context, Collector<String> out) {
                out.collect(value + "@" + context.timerService().currentProcessingTime());
                out.collect(value + "#2");
            }
        };
        try (var harness = OperatorHarness.builder().startTime(1_000).<String, String>build(new ProcessOperator<>(stamp))) {
            harness.processElement("a");
            harness.setProcessingTime(1_500);
            harness.processElement("b");
            assertEquals(List.of("a@1000", "a#2", "b@1500", "b#2"), harness.takeOutput());
        }
    }

    /** A non-keyed function asking for keyed state. */
    static final class StatefulMap extends RichMapFunction<String, String> {
        @Override
        public void open(OpenContext openContext) {
            getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public String map(String value) {
            return value;
        }
    }

    @Test
    void keyedStateOnANonKeyedOperatorFailsInOpenSayingKeyByIsNeeded() {
        var harness = OperatorHarness.builder().operatorName("Plain").<String, String>build(
                new MapOperator<>(new StatefulMap()));
        IllegalStateException e = assertThrows(IllegalStateException.class, harness::open);
        assertTrue(e.getMessage().contains("keyBy"), e.getMessage());
        assertTrue(e.getMessage().contains("'Plain'"), e.getMessage());
    }
}
