package dev.weir.connector.datagen;

import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.Collector;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.connector.CollectSink;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.KeyValue;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.SourceReader;
import dev.weir.testing.SubtaskTag;
import dev.weir.testing.TestSourceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DataGeneratorSourceTest {

    /** Runs the generator at a parallelism; returns the indexes emitted by each subtask, in emission order. */
    private static Map<Integer, List<Long>> indexesPerSubtask(long count, int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism);
        CollectSink<KeyValue<Integer, Long>> sink = new CollectSink<>();
        env.fromGenerator(count, i -> i).map(new SubtaskTag<Long>()).sinkTo(sink);
        JobExecutionResult result = env.execute();
        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(parallelism, result.operator("Generator").parallelism());
        Map<Integer, List<Long>> perSubtask = new TreeMap<>();
        for (int s = 0; s < parallelism; s++) {
            perSubtask.put(s, new ArrayList<>());
        }
        sink.results().forEach(r -> perSubtask.get(r.key()).add(r.value()));
        return perSubtask;
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void subtasksReadContiguousRangesThatCoverEveryIndexExactlyOnce(int parallelism) {
        for (long count : new long[] {0, 1, 2, 3, 4, 7, 10, 1_001, 5_000}) {
            Map<Integer, List<Long>> perSubtask = indexesPerSubtask(count, parallelism);
            String where = "count " + count + ", parallelism " + parallelism + ": " + summary(perSubtask);
            long next = 0;
            for (List<Long> indexes : perSubtask.values()) { // subtask order: ranges follow each other
                for (long index : indexes) {
                    assertEquals(next, index, where);
                    next++;
                }
                long expectedSize = count / parallelism;
                assertTrue(indexes.size() == expectedSize || indexes.size() == expectedSize + 1, "balanced: " + where);
            }
            assertEquals(count, next, where);
        }
    }

    private static String summary(Map<Integer, List<Long>> perSubtask) {
        StringBuilder sb = new StringBuilder();
        perSubtask.forEach((s, l) -> sb.append(s).append('=')
                .append(l.isEmpty() ? "[]" : "[" + l.get(0) + ".." + l.get(l.size() - 1) + "] "));
        return sb.toString();
    }

    @Test
    void sequenceEmitsFromToInclusive() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(3);
        CollectSink<Long> sink = new CollectSink<>();
        env.fromSequence(-5, 5).sinkTo(sink);
        assertEquals(JobStatus.FINISHED, env.execute().status());
        List<Long> got = new ArrayList<>(sink.results());
        got.sort(null);
        assertEquals(LongStream.rangeClosed(-5, 5).boxed().toList(), got);
    }

    @Test
    void aRateLimitedGeneratorTakesAboutAsLongAsTheRateSays() {
        // 2,000 records at 10,000/s in total over 2 subtasks: about 200 ms; check loosely.
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        CollectSink<Long> sink = new CollectSink<>();
        env.fromSource(new DataGeneratorSource<>(i -> i, 2_000, RateLimiterStrategy.perSecond(10_000)), WatermarkStrategy.noWatermarks(), "Limited").sinkTo(sink);
        long start = System.nanoTime();
        JobExecutionResult result = env.execute();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(JobStatus.FINISHED, result.status());
        assertEquals(2_000, sink.results().size());
        assertTrue(millis >= 150, "2,000 records at 10,000/s took only " + millis + " ms");
    }

    @Test
    void aReaderSnapshotsTheRangeStillToEmitAfterEveryRecord() throws Exception {
        DataGeneratorSource<Long> source = new DataGeneratorSource<>(i -> i * 10, 1_000);
        // subtask 2 of 3 owns indexes 334..666
        List<DataGeneratorSource.Range> initial = source.initialSplits(1, 3);
        assertEquals(List.of(new DataGeneratorSource.Range(334, 667)), initial);
        SourceReader<Long, DataGeneratorSource.Range> reader = source.createReader(new TestSourceContext(1, 3), initial);
        assertEquals(initial, reader.snapshotSplits());
        List<Long> out = new ArrayList<>();
        Collector<Long> collector = record -> {
            out.add(record);
            long next = record / 10 + 1;
            assertEquals(next == 667 ? List.of() : List.of(new DataGeneratorSource.Range(next, 667)),
                    reader.snapshotSplits(), "the snapshot excludes the record being emitted");
        };
        SourceReader.InputStatus status;
        do {
            status = reader.pollNext(collector);
        } while (status == SourceReader.InputStatus.MORE_AVAILABLE);
        assertEquals(SourceReader.InputStatus.END_OF_INPUT, status);
        assertEquals(List.of(), reader.snapshotSplits());
        assertEquals(LongStream.range(334, 667).map(i -> i * 10).boxed().toList(), out);
    }

    @Test
    void aReaderResumesExactlyFromTheRangesItIsGiven() throws Exception {
        DataGeneratorSource<Long> source = new DataGeneratorSource<>(i -> i, 1_000);
        SourceReader<Long, DataGeneratorSource.Range> reader = source.createReader(new TestSourceContext(0, 1),
                List.of(new DataGeneratorSource.Range(10, 13), new DataGeneratorSource.Range(500, 502)));
        List<Long> out = new ArrayList<>();
        while (reader.pollNext(out::add) == SourceReader.InputStatus.MORE_AVAILABLE) {
            // keep polling
        }
        assertEquals(List.of(10L, 11L, 12L, 500L, 501L), out);
    }

    @Test
    void subtasksWithoutIndexesGetNoSplit() throws Exception {
        DataGeneratorSource<Long> source = new DataGeneratorSource<>(i -> i, 2);
        assertEquals(List.of(new DataGeneratorSource.Range(0, 1)), source.initialSplits(0, 4));
        assertEquals(List.of(new DataGeneratorSource.Range(1, 2)), source.initialSplits(1, 4));
        assertEquals(List.of(), source.initialSplits(3, 4));
    }

    @Test
    void aRateLimitedReaderSaysWhenNothingIsAvailableAndHowLongToWait() throws Exception {
        DataGeneratorSource<Long> source = new DataGeneratorSource<>(i -> i, 1_000, RateLimiterStrategy.perSecond(10));
        var reader = source.createReader(new TestSourceContext(0, 1), source.initialSplits(0, 1));
        List<Long> out = new ArrayList<>();
        assertEquals(SourceReader.InputStatus.MORE_AVAILABLE, reader.pollNext(out::add));
        assertEquals(List.of(0L), out, "at 10/s only the first record is due at once");
        assertEquals(SourceReader.InputStatus.NOTHING_AVAILABLE, reader.pollNext(out::add));
        long wait = reader.nanosUntilAvailable();
        assertTrue(wait > 10_000_000L && wait <= 100_000_000L, "should wait about 100 ms, says " + wait + " ns");
    }

    @Test
    void aFlinkStyleSourceWithItsTypeRunsInAJobAndKeepsTheType() {
        TypeInformation<String> type = TypeInformation.of(String.class);
        DataGeneratorSource<String> source = new DataGeneratorSource<>(index -> "event-" + index, 5, type);
        assertEquals(type, source.getProducedType());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "events").sinkTo(sink);
        assertEquals(JobStatus.FINISHED, env.execute().status());
        assertEquals(List.of("event-0", "event-1", "event-2", "event-3", "event-4"),
                sink.results().stream().sorted().toList());
    }

    /** Records the reader contexts it was opened with and how often it was closed. */
    static final class Recording implements GeneratorFunction<Long, String> {
        final List<String> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void open(dev.weir.api.connector.SourceReaderContext readerContext) {
            opened.add(readerContext.getIndexOfSubtask() + "/" + readerContext.currentParallelism());
        }

        @Override
        public String map(Long value) {
            return "r" + value;
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    @Test
    void theGeneratorFunctionIsOpenedWithEachSubtasksContextAndClosedWithItsReader() throws Exception {
        Recording function = new Recording();
        DataGeneratorSource<String> source = new DataGeneratorSource<>(function, 4,
                RateLimiterStrategy.noOp(), TypeInformation.of(String.class));
        List<String> out = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            try (SourceReader<String, DataGeneratorSource.Range> reader =
                         source.createReader(new TestSourceContext(s, 2), source.initialSplits(s, 2))) {
                while (reader.pollNext(out::add) == SourceReader.InputStatus.MORE_AVAILABLE) {
                    // keep polling
                }
            }
        }
        assertEquals(List.of("0/2", "1/2"), function.opened);
        assertEquals(2, function.closed.get());
        assertEquals(List.of("r0", "r1", "r2", "r3"), out);
    }

    @Test
    void aNegativeCountOrRateIsRefusedNamingTheValue() {
        IllegalArgumentException count = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new DataGeneratorSource<>(i -> i, -1, TypeInformation.of(Long.class)));
        assertTrue(count.getMessage().contains("-1"), count.getMessage());
        IllegalArgumentException rate = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RateLimiterStrategy.perSecond(-3));
        assertTrue(rate.getMessage().contains("-3"), rate.getMessage());
    }
}
