package dev.weir.connector.file;

import dev.weir.api.eventtime.WatermarkStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.DeadLetter;
import dev.weir.api.ErrorPolicy;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.SingleOutputStreamOperator;
import dev.weir.api.RestartStrategy;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.SourceContext;
import dev.weir.api.connector.SourceReader;
import dev.weir.api.testing.FaultInjector;
import dev.weir.connector.CollectSink;
import dev.weir.testing.CommittedFiles;
import java.io.ByteArrayOutputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The text file source's malformed input — a line that is not UTF-8, a line over the maximum
 * length — under each error policy, and its exactly-once positions across a restore after skipping.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TextLineMalformedInputTest {
    private static final byte[] INVALID_UTF8 = {'b', 'a', (byte) 0xC3, '(', 'd'}; // 0xC3 must start a 2-byte sequence
    private static final int MAX_LINE = 16;
    private static final String LONG_LINE = "x".repeat(MAX_LINE + 1);

    @TempDir
    Path dir;

    /** good, invalid UTF-8 at byte 5, good, over-long at byte 17, good (valid multi-byte and CRLF lines) */
    private Path input() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("good\n".getBytes(StandardCharsets.UTF_8));     // 0..4
        bytes.writeBytes(INVALID_UTF8);                                  // 5..9
        bytes.write('\n');                                               // 10
        bytes.writeBytes("grün\r\n".getBytes(StandardCharsets.UTF_8));   // 11..17 (ü is 2 bytes)
        bytes.writeBytes((LONG_LINE + "\n").getBytes(StandardCharsets.UTF_8)); // 18..35
        bytes.writeBytes(("y".repeat(MAX_LINE) + "\r\n").getBytes(StandardCharsets.UTF_8)); // at most, with CRLF
        bytes.writeBytes("last".getBytes(StandardCharsets.UTF_8));      // no final newline
        return Files.write(dir.resolve("input.txt"), bytes.toByteArray());
    }

    private static final List<String> GOOD_LINES = List.of("good", "grün", "y".repeat(MAX_LINE), "last");

    @Test
    void whenALineIsNotUtf8OrTooLongUnderTheFailPolicy_thenTheJobFailsNamingTheFileTheOffsetAndWhatToDo()
            throws Exception {
        Path input = input();
        JobExecutionResult invalid = run(input, ErrorPolicy.fail(), new CollectSink<>(), MAX_LINE);
        assertEquals(JobStatus.FAILED, invalid.status());
        assertMentions(invalid.failureCause().getMessage(), "operator 'lines'", "cannot read the record at file "
                + input + " byte 5", "not valid UTF-8", "byte 7 of the file", "ErrorPolicy.skip()");

        Files.write(input, ("good\n" + LONG_LINE + "\nlast\n").getBytes(StandardCharsets.UTF_8));
        JobExecutionResult tooLong = run(input, ErrorPolicy.fail(), new CollectSink<>(), MAX_LINE);
        assertEquals(JobStatus.FAILED, tooLong.status());
        assertMentions(tooLong.failureCause().getMessage(), "at file " + input + " byte 5",
                "longer than the maximum of 16 bytes", "option maxLineLength", "withMaxLineLength");
    }

    @Test
    void whenMalformedLinesAreSkipped_thenTheGoodLinesAreReadAndTheSkipsCounted() throws Exception {
        CollectSink<String> sink = new CollectSink<>();
        JobExecutionResult result = run(input(), ErrorPolicy.skip(2), sink, MAX_LINE);

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(GOOD_LINES, sink.results());
        assertEquals(2, result.operator("lines").skipped());
        assertEquals(4, result.operator("lines").recordsOut());
    }

    @Test
    void whenMalformedLinesAreDeadLettered_thenEachCarriesItsFileOffsetAndTextAndTheSourcesName() throws Exception {
        Path input = input();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
        CollectSink<String> main = new CollectSink<>();
        CollectSink<DeadLetter> deadLetters = new CollectSink<>();
        SingleOutputStreamOperator<String> lines = env.fromSource(lines(input, MAX_LINE), WatermarkStrategy.noWatermarks(), "lines")
                .uid("lines-uid").setErrorPolicy(ErrorPolicy.deadLetter());
        lines.sinkTo(main);
        lines.getSideOutput(DeadLetter.TAG).sinkTo(deadLetters);

        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(GOOD_LINES, main.results());
        assertEquals(List.of(
                new DeadLetter("ba\uFFFD(d", CharConversionException.class.getName(),
                        "line is not valid UTF-8: malformed byte sequence at byte 7 of the file",
                        "lines-uid", "lines", 0, "file " + input + " byte 5"),
                new DeadLetter(LONG_LINE + "…", IOException.class.getName(), "line longer than the maximum of 16 "
                        + "bytes (option maxLineLength of the text file source; raise it with "
                        + "TextLineInputFormat.withMaxLineLength(..))", "lines-uid", "lines", 0, "file " + input + " byte 18")),
                deadLetters.results());
        assertEquals(2, result.operator("lines").deadLettered());
    }

    @Test
    void aReaderResumedAfterAMalformedLineNeitherReportsItAgainNorLosesTheNextLine() throws Exception {
        Path input = input();
        List<String> reports = new ArrayList<>();
        SourceContext skipping = new SourceContext() {
            @Override
            public int getSubtaskIndex() {
                return 0;
            }

            @Override
            public int getParallelism() {
                return 1;
            }

            @Override
            public long currentProcessingTime() {
                return 0;
            }

            @Override
            public void onMalformedRecord(String record, Exception error, String position) {
                reports.add(position);
            }
        };
        // Resume where a checkpoint taken right after the invalid line would: byte 11.
        FileSource<String> source = lines(input, MAX_LINE);
        SourceReader<String, FileSourceSplit> reader = source.createReader(skipping,
                List.of(new FileSourceSplit(input.toString(), 11, 1)));
        List<String> lines = new ArrayList<>();
        while (reader.pollNext(lines::add) != SourceReader.InputStatus.END_OF_INPUT) {
            // read everything
        }
        reader.close();

        assertEquals(GOOD_LINES.subList(1, 4), lines);
        assertEquals(List.of("file " + input + " byte 18"), reports, "only the over-long line, once");
        assertEquals(List.of(), reader.snapshotSplits(), "done: nothing left to read");
    }

    /**
     * Many files with malformed lines, two subtasks, checkpoints every 10 ms and a fault from checkpoint 2 on
     * that restores the checkpoint before: the committed output holds every good line once and, under dead-letter, the
     * dead-letter files every malformed line once.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ErrorPolicy.Kind.class, names = {"SKIP", "DEAD_LETTER"})
    void whenTheJobRestoresAfterSkippingMalformedLines_thenTheyAreNeitherEmittedNorSkippedTwice(ErrorPolicy.Kind kind)
            throws Exception {
        Path inputDir = Files.createDirectories(dir.resolve("in"));
        List<String> expectedLines = new ArrayList<>();
        List<String> expectedDeadLetters = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Path file = inputDir.resolve("part-" + f);
            for (int i = 0; i < 5_000; i++) {
                long offset = bytes.size();
                if (i % 1_000 == 500) {
                    bytes.writeBytes(INVALID_UTF8);
                    expectedDeadLetters.add(new DeadLetter("ba\uFFFD(d", CharConversionException.class.getName(),
                            "line is not valid UTF-8: malformed byte sequence at byte " + (offset + 2) + " of the file",
                            "lines", "lines", f % 2, "file " + file + " byte " + offset).toString());
                } else {
                    String line = f + "-" + i;
                    bytes.writeBytes(line.getBytes(StandardCharsets.UTF_8));
                    expectedLines.add(line);
                }
                bytes.write('\n');
            }
            Files.write(file, bytes.toByteArray());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2).setJobName("malformed-restore");
        env.enableCheckpointing(10);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        env.setRestartStrategy(RestartStrategy.fixedDelay(1, Duration.ofMillis(1)));
        java.util.concurrent.atomic.AtomicBoolean injected = new java.util.concurrent.atomic.AtomicBoolean();
        env.setFaultInjector((point, task, checkpointId, attempt) -> {
            if (point == FaultInjector.Point.SYNC_SNAPSHOT && attempt == 0 && checkpointId >= 2
                    && task.operatorName().equals("lines") && task.subtaskIndex() == 0
                    && injected.compareAndSet(false, true)) {
                throw new FaultInjector.InjectedFault("injected at checkpoint " + checkpointId);
            }
        });
        env.setErrorPolicy(kind == ErrorPolicy.Kind.SKIP ? ErrorPolicy.skip(20) : ErrorPolicy.deadLetter());
        Path out = dir.resolve("out");
        Path deadLetterOut = dir.resolve("dead-letters");
        env.readTextFile(inputDir.toString()).name("lines").uid("lines")
                .map(slowly()).name("pace").uid("pace").setErrorPolicy(ErrorPolicy.fail())
                .sinkTo(CommittedFiles.<String>lineSink(out)).uid("out");
        if (kind == ErrorPolicy.Kind.DEAD_LETTER) {
            env.getDeadLetterStream().sinkTo(CommittedFiles.<DeadLetter>lineSink(deadLetterOut)).uid("dead-letter-out");
        }

        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(1, result.restarts(), "restored the checkpoint before the fault (from checkpoint 2 on)");
        assertEquals(expectedLines.stream().sorted().toList(), CommittedFiles.sortedLines(out));
        if (kind == ErrorPolicy.Kind.DEAD_LETTER) {
            assertEquals(expectedDeadLetters.stream().sorted().toList(), CommittedFiles.sortedLines(deadLetterOut));
        } else {
            assertTrue(result.operator("lines").skipped() <= 20, "skips of the last run");
        }
    }

    // ---- helpers ----

    private static JobExecutionResult run(Path input, ErrorPolicy policy, CollectSink<String> sink, int maxLineLength)
            throws InterruptedException {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1).setErrorPolicy(policy);
        env.fromSource(lines(input, maxLineLength), WatermarkStrategy.noWatermarks(), "lines").sinkTo(sink);
        return env.executeAsync().awaitResult(); // finished or failed: the tests check which
    }

    /** Passes lines on, pausing 1 ms every 50 so that checkpoints fall between them. */
    private static dev.weir.api.functions.MapFunction<String, String> slowly() {
        return new dev.weir.api.functions.MapFunction<>() {
            private long seen;

            @Override
            public String map(String value) throws Exception {
                if (++seen % 50 == 0) {
                    Thread.sleep(1);
                }
                return value;
            }
        };
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected \"" + part + "\" in: " + message);
        }
    }

    /** The lines of {@code input}, at most {@code maxLineLength} bytes each. */
    private static FileSource<String> lines(Path input, int maxLineLength) {
        return FileSource.forRecordStreamFormat(new TextLineInputFormat().withMaxLineLength(maxLineLength),
                new dev.weir.api.fs.Path(input.toUri())).build();
    }
}
