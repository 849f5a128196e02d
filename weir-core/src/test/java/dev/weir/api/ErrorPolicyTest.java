package dev.weir.api;

import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.eventtime.WatermarkStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.functions.CheckpointedFunction;
import dev.weir.api.functions.FunctionInitializationContext;
import dev.weir.api.functions.FunctionSnapshotContext;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.MapFunction;
import dev.weir.connector.CollectSink;
import dev.weir.api.testing.FaultInjector;
import dev.weir.testing.CommittedFiles;
import dev.weir.testing.OperatorHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A poison record under each error policy, in real jobs: fail (the failure names operator and source
 * position, also when it repeats after a restore), skip within and over its limit, and dead letters
 * through the exactly-once file sink with a restore in between (main output and dead letters exact).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ErrorPolicyTest {

    @TempDir
    Path dir;

    // ---- fail ----

    @Test
    void whenARecordThrowsUnderTheFailPolicy_thenTheJobFailsNamingTheOperatorTheRecordAndItsFileAndByteOffset()
            throws IOException {
        List<String> lines = numbersWithPoison(100, 50);
        Path input = write(dir.resolve("numbers.txt"), lines);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1).setJobName("poison-fail");
        env.readTextFile(input.toString()).map(Integer::parseInt).name("parse").uid("parse")
                .sinkTo(new CollectSink<>());

        JobExecutionResult result = assertThrows(JobExecutionException.class, env::execute).getJobResult();

        assertEquals(JobStatus.FAILED, result.status());
        assertMentions(result.failureCause().getMessage(), "operator 'parse' (uid 'parse') subtask 1/1 failed on record "
                + "'poison-50' read at file " + input + " byte " + offsetOfLine(lines, 50), "NumberFormatException");
        assertEquals(0, result.skippedRecords());
    }

    @Test
    void whenAPoisonRecordFailsAgainAfterEachRestore_thenTheLastFailureStillNamesItsSourcePosition() throws IOException {
        List<String> lines = numbersWithPoison(40_000, 30_000);
        Path input = write(dir.resolve("numbers.txt"), lines);
        StreamExecutionEnvironment env = checkpointed("poison-repeats", 1).setRestartStrategy(
                RestartStrategy.fixedDelay(2, Duration.ofMillis(1)));
        env.readTextFile(input.toString()).uid("lines")
                .map(slowly(Integer::parseInt)).name("parse").uid("parse")
                .sinkTo(CommittedFiles.<Integer>lineSink(dir.resolve("out"))).uid("out");

        JobExecutionResult result = assertThrows(JobExecutionException.class, env::execute).getJobResult();

        assertEquals(JobStatus.FAILED, result.status());
        assertEquals(2, result.restarts(), "restored twice, failed on the same record each time");
        assertFalse(result.completedCheckpoints().isEmpty(), "the restores started from a checkpoint");
        assertMentions(result.failureCause().getMessage(), "operator 'parse'", "'poison-30000'",
                "read at file " + input + " byte " + offsetOfLine(lines, 30_000));
    }

    // ---- skip ----

    @Test
    void whenPoisonRecordsStayWithinTheSkipLimit_thenTheOutputIsEverythingElseAndTheSkipsAreCounted() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2).setJobName("poison-skip");
        CollectSink<Long> sink = new CollectSink<>();
        env.fromSequence(0, 9_999).name("numbers")
                .map(failOnEvery(1_000)).name("parse").setErrorPolicy(ErrorPolicy.skip(10))
                .sinkTo(sink);

        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(withoutPoison(10_000, 1_000), sink.results().stream().map(String::valueOf).sorted().toList());
        assertEquals(10, result.operator("parse").skipped(), "5 per subtask, the limit is 10 per subtask");
        assertEquals(9_990, result.operator("parse").recordsOut());
        assertEquals(0, result.operator("numbers").skipped());
        assertEquals(10, result.skippedRecords());
    }

    @Test
    void whenOneRecordMoreThanTheSkipLimitFails_thenTheJobFailsNamingTheOperatorTheLimitAndThePosition() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1).setJobName("poison-over-limit");
        env.fromSequence(0, 999).name("numbers")
                .map(failOnEvery(100)).name("parse").uid("parse")
                .sinkTo(new CollectSink<>());
        env.setErrorPolicy(ErrorPolicy.skip(3)); // the job default, set after the operators: still applies

        JobExecutionResult result = assertThrows(JobExecutionException.class, env::execute).getJobResult();

        assertEquals(JobStatus.FAILED, result.status());
        assertMentions(result.failureCause().getMessage(), "operator 'parse' (uid 'parse')",
                "skipped more than 3 records since its last checkpoint",
                "skip(at most 3 per checkpoint interval)", "'399'", "read at generator index 399",
                "ErrorPolicy.skip(n)");
    }

    @Test
    void whenEachCheckpointIntervalHasAsManyPoisonRecordsAsTheLimit_thenTheJobGoesOnBecauseTheLimitIsPerInterval() {
        // The function poisons the 3 records after each of its snapshots; the limit is 3 per interval.
        Set<Long> poisoned = ConcurrentHashMap.newKeySet();
        StreamExecutionEnvironment env = checkpointed("skip-per-interval", 2);
        CollectSink<Long> sink = new CollectSink<>();
        env.fromSource(new DataGeneratorSource<>(index -> index, 20_000, RateLimiterStrategy.perSecond(50_000), TypeInformation.of(Long.class)), WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
                .map(new PoisonAfterEachSnapshot(3, poisoned)).name("parse").uid("parse")
                .setErrorPolicy(ErrorPolicy.skip(3))
                .sinkTo(sink);

        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertTrue(poisoned.size() >= 12, "at least two intervals with 3 poison records on each subtask: "
                + poisoned.size());
        assertEquals(poisoned.size(), result.operator("parse").skipped());
        assertEquals(LongStream.range(0, 20_000).filter(x -> !poisoned.contains(x)).boxed().toList(),
                sink.results().stream().sorted().toList());
    }

    @Test
    void whenPoisonRecordsAreSkippedAcrossARestore_thenTheFileSinksCommittedOutputIsExactlyEverythingElse()
            throws IOException {
        // 20 poison records; a fault at checkpoint 2 or later restarts the job from the checkpoint before.
        StreamExecutionEnvironment env = checkpointed("skip-restore", 2);
        env.setRestartStrategy(RestartStrategy.fixedDelay(1, Duration.ofMillis(1)));
        env.setFaultInjector(failOnceFrom(2, "parse"));
        Path out = dir.resolve("out");
        env.fromSource(new DataGeneratorSource<>(index -> index, 20_000, RateLimiterStrategy.perSecond(50_000), TypeInformation.of(Long.class)), WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
                .map(failOnEvery(1_000)).name("parse").uid("parse").setErrorPolicy(ErrorPolicy.skip(20))
                .sinkTo(CommittedFiles.<Long>lineSink(out)).uid("out");

        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(1, result.restarts());
        assertEquals(withoutPoison(20_000, 1_000), CommittedFiles.sortedLines(out));
        long skipped = result.operator("parse").skipped();
        assertTrue(skipped > 0 && skipped <= 20, "skipped in the last run: " + skipped);
    }

    @Test
    void whenASinkFailsUnderAJobDefaultOfSkip_thenTheJobStillFails() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1).setErrorPolicy(ErrorPolicy.skip());
        env.fromSequence(0, 9).sinkTo(value -> {
            throw new IOException("disk full");
        }).name("out");

        JobExecutionResult result = assertThrows(JobExecutionException.class, env::execute).getJobResult();

        assertEquals(JobStatus.FAILED, result.status());
        assertMentions(result.failureCause().getMessage(), "operator 'out'", "disk full");
    }

    // ---- dead letters ----

    @Test
    void whenPoisonRecordsAreDeadLetteredThroughTheFileSinkAcrossARestore_thenMainOutputAndDeadLettersAreExact()
            throws IOException {
        Path input = Files.createDirectories(dir.resolve("in"));
        List<List<String>> files = List.of(numbersWithPoison(20_000, 3, 7_000, 19_999),
                numbersWithPoison(20_000, 0, 12_345));
        List<String> expectedDeadLetters = new ArrayList<>();
        List<String> expectedOutput = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            Path file = write(input.resolve("part-" + f + ".txt"), files.get(f));
            List<String> lines = files.get(f);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("poison")) {
                    expectedDeadLetters.add(new DeadLetter(lines.get(i), NumberFormatException.class.getName(),
                            "For input string: \"" + lines.get(i) + "\"", "parse", "parse", f,
                            "file " + file + " byte " + offsetOfLine(lines, i)).toString());
                } else {
                    expectedOutput.add(lines.get(i));
                }
            }
        }
        StreamExecutionEnvironment env = checkpointed("dead-letters", 2).setErrorPolicy(ErrorPolicy.deadLetter());
        env.setRestartStrategy(RestartStrategy.fixedDelay(1, Duration.ofMillis(1)));
        env.setFaultInjector(failOnceFrom(2, "parse"));
        Path out = dir.resolve("out");
        Path deadLetters = dir.resolve("dead-letters");
        env.readTextFile(input.toString()).uid("lines").setErrorPolicy(ErrorPolicy.fail())
                .map(slowly(Integer::parseInt)).name("parse").uid("parse")
                .sinkTo(CommittedFiles.<Integer>lineSink(out)).uid("out");
        env.getDeadLetterStream().sinkTo(CommittedFiles.<DeadLetter>lineSink(deadLetters)).uid("dead-letter-files");

        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(1, result.restarts(), "the fault from checkpoint 2 on restored the checkpoint before");
        assertEquals(expectedOutput.stream().sorted().toList(), CommittedFiles.sortedLines(out));
        assertEquals(expectedDeadLetters.stream().sorted().toList(), CommittedFiles.sortedLines(deadLetters));
        assertEquals(List.of(), CommittedFiles.hidden(deadLetters));
        assertEquals(0, result.operator("parse").skipped());
        assertTrue(result.operator("parse").deadLettered() <= 5, "dead letters of the last run only");
    }

    @Test
    void whenAnOperatorBehindAKeyByDeadLettersARecord_thenItsSourcePositionIsUnknown() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        CollectSink<DeadLetter> deadLetters = new CollectSink<>();
        SingleOutputStreamOperator<Long> divided = env.fromSequence(0, 99)
                .keyBy(x -> x % 10)
                .process(new KeyedProcessFunction<Long, Long, Long>() {
                    @Override
                    public void processElement(Long x, Context context, Collector<Long> out) {
                        out.collect(100 / (x - 42));
                    }
                })
                .name("divide").uid("divide").setErrorPolicy(ErrorPolicy.deadLetter());
        divided.getSideOutput(DeadLetter.TAG).sinkTo(deadLetters);
        CollectSink<Long> main = new CollectSink<>();
        divided.sinkTo(main);

        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(99, main.results().size());
        assertEquals(1, deadLetters.results().size());
        DeadLetter letter = deadLetters.results().get(0);
        assertEquals("42", letter.record());
        assertEquals(ArithmeticException.class.getName(), letter.exceptionClass());
        assertEquals("/ by zero", letter.exceptionMessage());
        assertEquals("divide", letter.operatorUid());
        assertNull(letter.sourcePosition(), "behind a channel the source position is not known");
        assertEquals(1, result.operator("divide").deadLettered());
    }

    @Test
    void whenDeadLettersWouldGoNowhere_thenTheJobIsRefusedBeforeItStartsNamingTheOperator() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSequence(0, 9).map(x -> x).name("parse").setErrorPolicy(ErrorPolicy.deadLetter())
                .sinkTo(new CollectSink<>());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, env::executeAsync);

        assertMentions(e.getMessage(), "'parse'", "dead-letter", "getSideOutput(DeadLetter.TAG)", "getDeadLetterStream()");
    }

    @Test
    void whenTheDeadLetterStreamIsAskedForButNoOperatorDeadLetters_thenTheJobIsRefused() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSequence(0, 9).map(x -> x).sinkTo(new CollectSink<>());
        env.getDeadLetterStream().sinkTo(new CollectSink<>());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, env::executeAsync);

        assertMentions(e.getMessage(), "getDeadLetterStream()", "ErrorPolicy.deadLetter()");
    }

    // ---- in the operator harness ----

    @Test
    void inTheHarnessTheSkipLimitCountsFromTheLastSnapshot() throws Exception {
        try (OperatorHarness<Long, Long> harness = OperatorHarness.builder().errorPolicy(ErrorPolicy.skip(2))
                .operatorName("parse").forMap(failOnEvery(2))) {
            harness.processElements(0L, 1L, 2L, 3L); // 1 and 3 are skipped: the limit is reached
            harness.snapshot(1);
            harness.processElements(4L, 5L, 6L, 7L); // a new interval: 5 and 7 are skipped

            assertEquals(List.of(0L, 2L, 4L, 6L), harness.output());
            assertEquals(4, harness.skippedRecords());
            dev.weir.runtime.OperatorFailure over = assertThrows(dev.weir.runtime.OperatorFailure.class,
                    () -> harness.processElement(9L));
            assertMentions(over.getMessage(), "operator 'parse'", "skipped more than 2 records", "'9'");
        }
    }

    @Test
    void inTheHarnessDeadLettersGoToTheDeadLetterSideOutput() throws Exception {
        try (OperatorHarness<String, Integer> harness = OperatorHarness.builder().errorPolicy(ErrorPolicy.deadLetter())
                .operatorName("parse").forMap(Integer::parseInt)) {
            harness.processElements("1", "two", "3");

            assertEquals(List.of(1, 3), harness.output());
            assertEquals(List.of(new DeadLetter("two", NumberFormatException.class.getName(),
                    "For input string: \"two\"", null, "parse", 0, null)), harness.getSideOutput(DeadLetter.TAG));
        }
    }

    @Test
    void aSkipLimitBelowOneIsRefusedNamingTheAlternative() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ErrorPolicy.skip(0));
        assertMentions(e.getMessage(), "at least 1", "ErrorPolicy.fail()");
        assertEquals(ErrorPolicy.DEFAULT_MAX_SKIPS_PER_CHECKPOINT_INTERVAL, ErrorPolicy.skip().maxPerCheckpointInterval());
    }

    // ---- helpers ----

    private StreamExecutionEnvironment checkpointed(String jobName, int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism).setJobName(jobName);
        env.enableCheckpointing(10);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        return env;
    }

    /** Throws on the records {@code x % every == every - 1}. */
    private static MapFunction<Long, Long> failOnEvery(long every) {
        return x -> {
            if (x % every == every - 1) {
                throw new IllegalArgumentException("poison record " + x);
            }
            return x;
        };
    }

    /** Throws on the first {@code count} records after each snapshot of its subtask; remembers them. */
    private static final class PoisonAfterEachSnapshot implements MapFunction<Long, Long>, CheckpointedFunction {
        private final int count;
        private final Set<Long> poisoned;
        private int toPoison;

        PoisonAfterEachSnapshot(int count, Set<Long> poisoned) {
            this.count = count;
            this.poisoned = poisoned;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
        }

        @Override
        public void snapshotState(FunctionSnapshotContext snapshot) {
            toPoison = count;
        }

        @Override
        public Long map(Long value) {
            if (toPoison > 0) {
                toPoison--;
                poisoned.add(value);
                throw new IllegalArgumentException("poison record " + value);
            }
            return value;
        }
    }

    /** {@code function}, pausing 1 ms every 200 records so that checkpoints fall between the records. */
    private static <T, R> MapFunction<T, R> slowly(MapFunction<T, R> function) {
        return new MapFunction<>() {
            private long seen;

            @Override
            public R map(T value) throws Exception {
                if (++seen % 200 == 0) {
                    Thread.sleep(1);
                }
                return function.map(value);
            }
        };
    }

    /**
     * Fails the first snapshot from checkpoint {@code checkpointId} on of operator {@code operator}
     * subtask 0 in the first attempt (also the snapshot of its final state, if it ends before): the
     * job restores the checkpoint before.
     */
    static FaultInjector failOnceFrom(long checkpointId, String operator) {
        java.util.concurrent.atomic.AtomicBoolean injected = new java.util.concurrent.atomic.AtomicBoolean();
        return (point, task, id, attempt) -> {
            if (point == FaultInjector.Point.SYNC_SNAPSHOT && attempt == 0 && id >= checkpointId
                    && task.operatorName().equals(operator) && task.subtaskIndex() == 0 && injected.compareAndSet(false, true)) {
                throw new FaultInjector.InjectedFault("injected at checkpoint " + id);
            }
        };
    }

    /** "0".."count-1", with the lines at {@code poison} replaced by "poison-<i>". */
    private static List<String> numbersWithPoison(int count, int... poison) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(String.valueOf(i));
        }
        for (int p : poison) {
            lines.set(p, "poison-" + p);
        }
        return lines;
    }

    private static List<String> withoutPoison(long count, long every) {
        return LongStream.range(0, count).filter(x -> x % every != every - 1).mapToObj(String::valueOf).sorted().toList();
    }

    private static Path write(Path file, List<String> lines) throws IOException {
        return Files.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The byte offset where line {@code index} starts (lines end in '\n'). */
    static long offsetOfLine(List<String> lines, int index) {
        long offset = 0;
        for (int i = 0; i < index; i++) {
            offset += lines.get(i).getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return offset;
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected \"" + part + "\" in: " + message);
        }
    }
}
