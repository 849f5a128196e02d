package dev.weir.runtime.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.api.Collector;
import dev.weir.api.KeyValue;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.testing.OperatorHarness;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Processing-time timers of keyed functions, driven by the harness's manual clock. */
class ProcessingTimeTimersTest {

    /**
     * A record (key, t) with t >= 0 registers a timer at t; with t < 0 deletes the timer at -t.
     * The key's last registered timestamp is kept in state. A firing timer emits
     * "key@timestamp now=clock state=lastRegistered".
     */
    static final class Timers extends KeyedProcessFunction<String, KeyValue<String, Long>, String> {
        private ValueState<Long> lastRegistered;

        @Override
        public void open(OpenContext openContext) {
            lastRegistered = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Long.class));
        }

        @Override
        public void processElement(KeyValue<String, Long> value, Context context, Collector<String> out) {
            long t = value.value();
            if (t >= 0) {
                context.timerService().registerProcessingTimeTimer(t);
                lastRegistered.update(t);
            } else {
                context.timerService().deleteProcessingTimeTimer(-t);
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext context, Collector<String> out) {
            out.collect(context.getCurrentKey() + "@" + timestamp + " now="
                    + context.timerService().currentProcessingTime() + " state=" + lastRegistered.value());
        }
    }

    /** A harness builder with the keyed state backend under test (weir-rocksdb runs these cases on RocksDB). */
    OperatorHarness.Builder builder() {
        return OperatorHarness.builder();
    }

    private OperatorHarness<KeyValue<String, Long>, String> harness() {
        return builder().forKeyedProcess(new Timers(), KeyValue<String, Long>::key);
    }

    private static KeyValue<String, Long> kv(String key, long t) {
        return new KeyValue<>(key, t);
    }

    @Test
    void timersFireInTimestampOrderWithTheirOwnKeyCurrentAndTheClockAtTheirTime() throws Exception {
        try (var harness = harness()) {
            harness.processElements(kv("a", 300), kv("b", 100), kv("c", 200));
            harness.setProcessingTime(150);
            assertEquals(List.of("b@100 now=100 state=100"), harness.takeOutput());
            harness.setProcessingTime(1_000);
            assertEquals(List.of("c@200 now=200 state=200", "a@300 now=300 state=300"), harness.takeOutput());
            assertEquals(1_000, harness.getProcessingTime());
        }
    }

    @Test
    void timersOfDifferentKeysAtTheSameTimestampBothFire() throws Exception {
        try (var harness = harness()) {
            harness.processElements(kv("a", 50), kv("b", 50));
            harness.setProcessingTime(50);
            assertEquals(List.of("a@50", "b@50"),
                    harness.takeOutput().stream().map(s -> s.substring(0, s.indexOf(' '))).sorted().toList());
        }
    }

    @Test
    void registeringTheSameTimerTwiceFiresItOnce() throws Exception {
        try (var harness = harness()) {
            harness.processElements(kv("a", 100), kv("a", 100), kv("a", 100));
            harness.setProcessingTime(500);
            assertEquals(List.of("a@100 now=100 state=100"), harness.takeOutput());
        }
    }

    @Test
    void aDeletedTimerDoesNotFireButTheKeysOtherTimersDo() throws Exception {
        try (var harness = harness()) {
            harness.processElements(kv("a", 100), kv("a", 200), kv("a", -100));
            harness.setProcessingTime(500);
            assertEquals(List.of("a@200 now=200 state=200"), harness.takeOutput());
        }
    }

    @Test
    void deletingATimerOnlyAffectsTheCurrentKey() throws Exception {
        try (var harness = harness()) {
            harness.processElements(kv("a", 100), kv("b", 100), kv("b", -100));
            harness.setProcessingTime(100);
            assertEquals(List.of("a@100 now=100 state=100"), harness.takeOutput());
        }
    }

    @Test
    void aTimerRegisteredAfterTheEarliestOneWasDeletedStillFires() throws Exception {
        try (var harness = harness()) {
            harness.processElements(kv("a", 100), kv("a", -100), kv("a", 250));
            harness.setProcessingTime(200);
            assertEquals(List.of(), harness.takeOutput());
            harness.setProcessingTime(250);
            assertEquals(List.of("a@250 now=250 state=250"), harness.takeOutput());
        }
    }

    @Test
    void aTimerRegisteredEarlierThanThePendingOneFiresFirst() throws Exception {
        try (var harness = harness()) {
            harness.processElement(kv("a", 500));
            harness.setProcessingTime(10);
            harness.processElement(kv("b", 20));
            harness.setProcessingTime(600);
            assertEquals(List.of("b@20 now=20 state=20", "a@500 now=500 state=500"), harness.takeOutput());
        }
    }

    @Test
    void aTimerInThePastFiresAtTheNextClockMove() throws Exception {
        try (var harness = builder().startTime(1_000)
                .forKeyedProcess(new Timers(), KeyValue<String, Long>::key)) {
            harness.processElement(kv("a", 400));
            assertEquals(List.of(), harness.takeOutput());
            harness.setProcessingTime(1_000);
            assertEquals(1, harness.takeOutput().size());
        }
    }

    /** On each timer registers the next one a period later, up to a limit. */
    static final class Periodic extends KeyedProcessFunction<String, String, String> {
        @Override
        public void processElement(String value, Context context, Collector<String> out) {
            context.timerService().registerProcessingTimeTimer(context.timerService().currentProcessingTime() + 10);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext context, Collector<String> out) {
            out.collect(context.getCurrentKey() + timestamp);
            if (timestamp < 40) {
                context.timerService().registerProcessingTimeTimer(timestamp + 10);
            }
        }
    }

    @Test
    void aTimerCanRegisterTheNextTimerOfItsKey() throws Exception {
        try (var harness = builder().forKeyedProcess(new Periodic(), (String s) -> s)) {
            harness.processElement("k");
            harness.setProcessingTime(35);
            assertEquals(List.of("k10", "k20", "k30"), harness.takeOutput());
            harness.setProcessingTime(100);
            assertEquals(List.of("k40"), harness.takeOutput());
        }
    }
}
