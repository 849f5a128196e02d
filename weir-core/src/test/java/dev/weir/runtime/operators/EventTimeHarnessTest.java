package dev.weir.runtime.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.Collector;
import dev.weir.api.TimeDomain;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.testing.HarnessSnapshot;
import dev.weir.testing.OperatorHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Timestamps, watermarks and event-time timers, driven through the operator harness, on the heap
 * backend (weir-rocksdb runs the same cases on RocksDB by overriding {@link #harness()}).
 */
class EventTimeHarnessTest {

    /** A harness builder with the keyed state backend under test. */
    OperatorHarness.Builder harness() {
        return OperatorHarness.builder();
    }

    /** A reading for a key at an event time. */
    record Reading(String key, long time) {
    }

    /** Per record: an event-time timer 10 ms after it; a timer reports key, time, domain and ctx.timestamp(). */
    static final class TimerAfterEachRecord extends KeyedProcessFunction<String, Reading, String> {
        @Override
        public void processElement(Reading value, Context ctx, Collector<String> out) {
            out.collect("record " + value.key() + "@" + ctx.timestamp());
            ctx.timerService().registerEventTimeTimer(value.time() + 10);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            out.collect("timer " + ctx.getCurrentKey() + "@" + timestamp + " " + ctx.timeDomain()
                    + " ts=" + ctx.timestamp() + " wm=" + ctx.timerService().currentWatermark());
        }
    }

    @Test
    void outOfOrderRecordsKeepTheirTimestampsAndTimersFireInOrderWhenTheWatermarkPasses() throws Exception {
        try (var harness = harness().forKeyedProcess(new TimerAfterEachRecord(), Reading::key)) {
            harness.processElement(new Reading("a", 30), 30);
            harness.processElement(new Reading("b", 10), 10);
            harness.processElement(new Reading("a", 20), 20);
            assertEquals(List.of("record a@30", "record b@10", "record a@20"), harness.takeOutput());
            harness.processWatermark(25); // b's timer at 20 is due, a's at 30 and 40 are not
            assertEquals(List.of("timer b@20 EVENT_TIME ts=20 wm=25"), harness.output());
            assertEquals(List.of(20L), harness.outputTimestamps());
            harness.takeOutput();
            harness.processWatermark(40);
            assertEquals(List.of("timer a@30 EVENT_TIME ts=30 wm=40", "timer a@40 EVENT_TIME ts=40 wm=40"),
                    harness.output());
            assertEquals(List.of(30L, 40L), harness.outputTimestamps());
            assertEquals(List.of(25L, 40L), harness.watermarks());
        }
    }

    @Test
    void outputOfARecordCarriesTheRecordsTimestampAndNoneWithoutOne() throws Exception {
        try (var harness = harness().forKeyedProcess(new TimerAfterEachRecord(), Reading::key)) {
            harness.processElement(new Reading("a", 7), 7);
            harness.processElement(new Reading("a", 8));
            assertEquals(List.of("record a@7", "record a@null"), harness.output());
            java.util.List<Long> expected = new ArrayList<>();
            expected.add(7L);
            expected.add(null);
            assertEquals(expected, harness.outputTimestamps());
        }
    }

    @Test
    void aTimestampOfZeroIsATimestamp() throws Exception {
        try (var harness = harness().forKeyedProcess(new TimerAfterEachRecord(), Reading::key)) {
            harness.processElement(new Reading("a", 0), 0);
            assertEquals(List.of("record a@0"), harness.output());
        }
    }

    @Test
    void watermarksNeverGoBackwards() throws Exception {
        try (var harness = harness().forKeyedProcess(new TimerAfterEachRecord(), Reading::key)) {
            harness.processWatermark(100);
            harness.processWatermark(50);
            harness.processWatermark(100);
            harness.processWatermark(101);
            assertEquals(List.of(100L, 101L), harness.watermarks());
        }
    }

    @Test
    void withTwoInputChannelsTheWatermarkIsTheMinimum() throws Exception {
        try (var harness = harness().inputChannels(2)
                .forKeyedProcess(new TimerAfterEachRecord(), Reading::key)) {
            harness.processWatermark(0, 100);
            assertEquals(List.of(), harness.watermarks(), "channel 1 has no watermark yet");
            harness.processWatermark(1, 50);
            harness.processWatermark(1, 200);
            harness.processWatermark(0, 300);
            assertEquals(List.of(50L, 100L, 200L), harness.watermarks());
        }
    }

    @Test
    void anIdleChannelIsLeftOutAndRejoinsOnlyOnceItCaughtUp() throws Exception {
        try (var harness = harness().inputChannels(2)
                .forKeyedProcess(new TimerAfterEachRecord(), Reading::key)) {
            harness.processWatermark(0, 10);
            harness.processWatermark(1, 10);
            harness.processWatermarkStatus(1, true); // channel 1 goes idle: channel 0 alone decides
            harness.processWatermark(0, 40);
            assertEquals(List.of(10L, 40L), harness.watermarks());
            harness.processWatermarkStatus(1, false); // back, but behind: it must not pull the watermark back
            harness.processWatermark(0, 60);
            assertEquals(List.of(10L, 40L, 60L), harness.watermarks());
            harness.processWatermark(1, 50); // still behind: not aligned yet
            harness.processWatermark(0, 90);
            assertEquals(List.of(10L, 40L, 60L, 90L), harness.watermarks());
            harness.processWatermark(1, 95); // caught up: rejoins the minimum
            harness.processWatermark(0, 200);
            assertEquals(List.of(10L, 40L, 60L, 90L, 95L), harness.watermarks());
        }
    }

    @Test
    void theFinalWatermarkOfABoundedInputFiresEveryEventTimeTimer() throws Exception {
        try (var harness = harness().forKeyedProcess(new TimerAfterEachRecord(), Reading::key)) {
            for (int i = 0; i < 50; i++) {
                harness.processElement(new Reading("k" + (i % 7), 1_000_000L - i * 1000), 1_000_000L - i * 1000);
            }
            harness.takeOutput();
            harness.processWatermark(Long.MAX_VALUE);
            List<String> timers = harness.takeOutput();
            assertEquals(50, timers.size());
            List<Long> times = timers.stream().map(s -> Long.parseLong(s.substring(s.indexOf('@') + 1, s.indexOf(' ', 6))))
                    .toList();
            assertEquals(times.stream().sorted().toList(), times, "in timestamp order");
        }
    }

    /** Registers a processing-time timer per record; reports its domain and ctx.timestamp(). */
    static final class ProcessingTimer extends KeyedProcessFunction<String, Reading, String> {
        @Override
        public void processElement(Reading value, Context ctx, Collector<String> out) {
            ctx.timerService().registerProcessingTimeTimer(value.time());
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            out.collect(ctx.getCurrentKey() + "@" + timestamp + " " + ctx.timeDomain() + " ts=" + ctx.timestamp());
        }
    }

    @Test
    void pendingProcessingTimeTimersAreDroppedAtEndOfInputByDefault() throws Exception {
        try (var harness = harness().forKeyedProcess(new ProcessingTimer(), Reading::key)) {
            harness.processElement(new Reading("a", 5_000));
            harness.processWatermark(Long.MAX_VALUE);
            harness.endInput();
            assertEquals(List.of(), harness.output());
        }
    }

    @Test
    void pendingProcessingTimeTimersFireAtEndOfInputWhenAskedInOrderWithoutAnOutputTimestamp() throws Exception {
        try (var harness = harness().fireProcessingTimersAtEnd(true)
                .forKeyedProcess(new ProcessingTimer(), Reading::key)) {
            harness.processElement(new Reading("b", 9_000), 3);
            harness.processElement(new Reading("a", 5_000), 4);
            harness.endInput();
            assertEquals(List.of("a@5000 PROCESSING_TIME ts=5000", "b@9000 PROCESSING_TIME ts=9000"), harness.output());
            List<Long> none = new ArrayList<>();
            none.add(null);
            none.add(null);
            assertEquals(none, harness.outputTimestamps());
        }
    }

    @Test
    void eventTimeTimersFireInOrderAfterARestoreAtTheSameAndAtAnotherParallelism() throws Exception {
        HarnessSnapshot snapshot;
        List<String> expected = new ArrayList<>();
        try (var harness = harness().forKeyedProcess(new TimerAfterEachRecord(), Reading::key)) {
            for (int i = 0; i < 40; i++) {
                long time = 10_000 - i * 100;
                harness.processElement(new Reading("key" + i, time), time);
                expected.add("key" + i + "@" + (time + 10));
            }
            harness.processWatermark(5_000); // fires some before the snapshot
            harness.takeOutput();
            expected.removeIf(s -> Long.parseLong(s.substring(s.indexOf('@') + 1)) <= 5_000);
            snapshot = harness.snapshot(1);
        }
        // same parallelism
        try (var restored = harness().restoreFrom(snapshot)
                .forKeyedProcess(new TimerAfterEachRecord(), Reading::key)) {
            restored.processWatermark(Long.MAX_VALUE);
            List<String> fired = firedTimers(restored.takeOutput());
            assertEquals(expected.stream().sorted(EventTimeHarnessTest::byTime).toList(), fired);
        }
        // two subtasks: each fires its keys' timers, in order; together all of them once
        List<String> all = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            try (var restored = harness().restoreFrom(snapshot).subtask(subtask, 2)
                    .forKeyedProcess(new TimerAfterEachRecord(), Reading::key)) {
                restored.processWatermark(Long.MAX_VALUE);
                List<String> fired = firedTimers(restored.takeOutput());
                assertEquals(fired.stream().sorted(EventTimeHarnessTest::byTime).toList(), fired);
                assertTrue(!fired.isEmpty(), "40 keys over 2 subtasks: each gets some");
                all.addAll(fired);
            }
        }
        assertEquals(expected.stream().sorted().toList(), all.stream().sorted().toList());
    }

    private static List<String> firedTimers(List<String> output) {
        return output.stream().map(s -> s.substring("timer ".length(), s.indexOf(' ', "timer ".length()))).toList();
    }

    private static int byTime(String a, String b) {
        return Long.compare(Long.parseLong(a.substring(a.indexOf('@') + 1)), Long.parseLong(b.substring(b.indexOf('@') + 1)));
    }

    @Test
    void theAssignerGivesTimestampsAndBoundedOutOfOrdernessWatermarksPeriodically() throws Exception {
        WatermarkStrategy<Reading> strategy = WatermarkStrategy.<Reading>forBoundedOutOfOrderness(Duration.ofMillis(5))
                .withTimestampAssigner((reading, previous) -> reading.time());
        try (var harness = harness().autoWatermarkInterval(100)
                .<Reading, Reading>build(new TimestampsAndWatermarksOperator<>(strategy))) {
            harness.processElement(new Reading("a", 50));
            harness.processElement(new Reading("a", 40));
            harness.processElement(new Reading("a", 70));
            assertEquals(List.of(50L, 40L, 70L), harness.outputTimestamps());
            assertEquals(List.of(), harness.watermarks(), "periodic: none before the interval");
            harness.setProcessingTime(100);
            assertEquals(List.of(64L), harness.watermarks(), "max 70 - 5 - 1");
            harness.processWatermark(1_000); // upstream watermarks are replaced by the assigner's
            harness.setProcessingTime(200);
            assertEquals(List.of(64L), harness.watermarks(), "no new record: no new watermark");
            harness.processWatermark(Long.MAX_VALUE); // ... except the final one
            assertEquals(List.of(64L, Long.MAX_VALUE), harness.watermarks());
        }
    }
}
