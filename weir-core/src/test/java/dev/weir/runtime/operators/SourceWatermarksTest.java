package dev.weir.runtime.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.api.Collector;
import dev.weir.api.connector.ReaderOutput;
import dev.weir.api.connector.Source;
import dev.weir.api.connector.SourceContext;
import dev.weir.api.connector.SourceReader;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.testing.OperatorHarness;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A source subtask runs one watermark generator per split and emits the minimum over the active ones. */
class SourceWatermarksTest {

    /** A record {@code time} (also its timestamp) of split {@code split}. */
    record Step(String split, long time) {
    }

    /** Emits, at each poll, the steps the test queued, each through its split's output. */
    static final class ScriptedSource implements Source<Long, String> {
        final ArrayDeque<Step> queued = new ArrayDeque<>();
        final List<String> splits;
        boolean end;

        ScriptedSource(List<String> splits) {
            this.splits = splits;
        }

        @Override
        public List<String> initialSplits(int subtaskIndex, int parallelism) {
            return splits;
        }

        @Override
        public SourceReader<Long, String> createReader(SourceContext context, List<String> assigned) {
            return new SourceReader<>() {
                boolean started;

                @Override
                public InputStatus pollNext(Collector<Long> output) {
                    ReaderOutput<Long> perSplit = (ReaderOutput<Long>) output;
                    if (!started) { // every split holds the watermark back from the start
                        started = true;
                        assigned.forEach(perSplit::createOutputForSplit);
                    }
                    while (!queued.isEmpty()) {
                        Step step = queued.poll();
                        perSplit.createOutputForSplit(step.split()).collect(step.time(), step.time());
                    }
                    return end ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
                }

                @Override
                public List<String> snapshotSplits() {
                    return assigned;
                }
            };
        }

        @Override
        public Class<String> splitType() {
            return String.class;
        }
    }

    private static final WatermarkStrategy<Long> STRATEGY = WatermarkStrategy.<Long>forMonotonousTimestamps()
            .withIdleness(Duration.ofMillis(100));

    @Test
    void theWatermarkIsTheMinimumOverActiveSplitsAndIdleSplitsAreLeftOutUntilTheyHaveRecords() throws Exception {
        ScriptedSource source = new ScriptedSource(List.of("a", "b"));
        SourceOperator<Long, String> operator = new SourceOperator<>(source, STRATEGY);
        try (OperatorHarness<Void, Long> harness = OperatorHarness.builder().autoWatermarkInterval(10)
                .build(operator)) {
            harness.open();
            source.queued.add(new Step("a", 100));
            source.queued.add(new Step("b", 50));
            operator.pollNext();
            assertEquals(List.of(100L, 50L), harness.output());
            assertEquals(List.of(100L, 50L), harness.outputTimestamps(), "the record timestamps are kept");
            harness.setProcessingTime(50);
            assertEquals(List.of(49L), harness.watermarks(), "split b holds the subtask back");

            source.queued.add(new Step("a", 300));
            operator.pollNext();
            harness.setProcessingTime(99);
            assertEquals(List.of(49L), harness.watermarks());
            harness.setProcessingTime(100); // b had no record for 100 ms: idle, left out
            assertEquals(List.of(49L, 299L), harness.watermarks());

            source.queued.add(new Step("b", 400)); // b active again
            operator.pollNext();
            harness.setProcessingTime(140);
            assertEquals(List.of(49L, 299L), harness.watermarks(), "a (299) is the minimum now");
            harness.setProcessingTime(150); // a idle: b alone
            assertEquals(List.of(49L, 299L, 399L), harness.watermarks());
            assertEquals(List.of(), harness.watermarkStatuses());
            harness.setProcessingTime(200); // b idle too: the subtask is idle
            assertEquals(List.of(true), harness.watermarkStatuses());

            source.end = true;
            operator.pollNext();
            assertEquals(List.of(49L, 299L, 399L, Long.MAX_VALUE), harness.watermarks(), "the final watermark");
            assertEquals(List.of(true, false), harness.watermarkStatuses());
        }
    }

    @Test
    void aSourceSubtaskWithoutSplitsIsIdleFromTheStart() throws Exception {
        ScriptedSource source = new ScriptedSource(List.of());
        SourceOperator<Long, String> operator = new SourceOperator<>(source, STRATEGY);
        try (OperatorHarness<Void, Long> harness = OperatorHarness.builder().build(operator)) {
            harness.open();
            assertEquals(List.of(true), harness.watermarkStatuses());
            source.end = true;
            operator.pollNext();
            assertEquals(List.of(Long.MAX_VALUE), harness.watermarks());
        }
    }
}
