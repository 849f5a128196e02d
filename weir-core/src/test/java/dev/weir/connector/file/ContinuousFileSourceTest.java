package dev.weir.connector.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobClient;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.SourceReader;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.testing.CommittedFiles;
import dev.weir.testing.TestSourceContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file source in continuous mode: files that appear in a watched directory while the job runs
 * are read, and a job restored from a checkpoint reads each file exactly once.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ContinuousFileSourceTest {

    @TempDir
    Path dir;

    private final List<String> expected = new ArrayList<>();

    /** Writes a file of {@code lines} lines elsewhere and renames it into {@code in}: it appears whole. */
    private void drop(Path in, String name, int lines) throws IOException {
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            String line = name + "-" + i;
            content.append(line).append('\n');
            expected.add(line);
        }
        Path staged = Files.writeString(Files.createDirectories(dir.resolve("staging")).resolve(name), content);
        Files.move(staged, in.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private StreamExecutionEnvironment job(Path in, Path out) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
                .setJobName("watch");
        env.enableCheckpointing(30);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(),
                new dev.weir.api.fs.Path(in.toUri())).monitorContinuously(Duration.ofMillis(20)).build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "files").uid("files")
                .map(String::strip).uid("strip")
                .sinkTo(CommittedFiles.<String>lineSink(out)).uid("out");
        return env;
    }

    /** Waits until the committed output holds every line expected so far. */
    private static void awaitCommitted(Path out, List<String> expected) throws Exception {
        List<String> sorted = expected.stream().sorted().toList();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!CommittedFiles.sortedLines(out).containsAll(sorted)) {
            assertTrue(System.nanoTime() < deadline, "not committed in time: " + expected.size() + " lines expected, "
                    + CommittedFiles.sortedLines(out).size() + " committed");
            Thread.sleep(20);
        }
    }

    @Test
    void whenFilesAppearWhileTheJobRunsAndAcrossARestore_thenEachLineIsCommittedExactlyOnce() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path out = dir.resolve("out");
        drop(in, "a.txt", 500);
        drop(in, "b.txt", 300);

        JobClient first = job(in, out).executeAsync();
        awaitCommitted(out, expected);
        drop(in, "c.txt", 400); // appears while the job runs
        drop(in, "d.txt", 1);
        awaitCommitted(out, expected);
        first.cancel();
        assertEquals(JobStatus.CANCELED, first.awaitResult().status());

        drop(in, "e.txt", 250); // appears while no job runs
        JobClient second = job(in, out).restoreFrom("latest").executeAsync();
        awaitCommitted(out, expected);
        drop(in, "f.txt", 100); // and while the restored job runs
        awaitCommitted(out, expected);
        Thread.sleep(200); // more discoveries and checkpoints: nothing may be read again
        second.cancel();
        JobExecutionResult result = second.awaitResult();
        assertEquals(JobStatus.CANCELED, result.status(), () -> String.valueOf(result.failureCause()));

        assertEquals(expected.stream().sorted().toList(), CommittedFiles.sortedLines(out),
                "every line of a..f exactly once, none of a..d read again after the restore");
    }

    @Test
    void aReaderRemembersTheFilesItReadInItsSplitsAndSkipsThemWhenRestored() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        drop(in, "a.txt", 2);
        FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(),
                new dev.weir.api.fs.Path(in.toUri())).monitorContinuously(Duration.ofMillis(1)).build();
        List<String> lines = new ArrayList<>();
        SourceReader<String, FileSourceSplit> reader = source.createReader(new TestSourceContext(0, 1), List.of());
        assertEquals(SourceReader.InputStatus.MORE_AVAILABLE, reader.pollNext(lines::add));
        assertEquals(SourceReader.InputStatus.NOTHING_AVAILABLE, reader.pollNext(lines::add), "continuous: never ends");
        List<FileSourceSplit> state = reader.snapshotSplits();
        reader.close();
        assertEquals(List.of("a.txt-0", "a.txt-1"), lines);
        assertEquals(List.of(new FileSourceSplit(in.resolve("a.txt").toString(), FileSourceSplit.FINISHED, 1)), state);

        drop(in, "b.txt", 1);
        SourceReader<String, FileSourceSplit> restored = source.createReader(new TestSourceContext(0, 1), state);
        List<String> after = new ArrayList<>();
        restored.pollNext(after::add);
        restored.close();
        assertEquals(List.of("b.txt-0"), after);
    }

    @Test
    void whenAContinuousSourceIsRestoredWithAnotherParallelism_thenTheReaderRefusesItSayingWhy() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(),
                new dev.weir.api.fs.Path(in.toUri())).monitorContinuously(Duration.ofSeconds(1)).build();
        List<FileSourceSplit> fromParallelism2 = List.of(new FileSourceSplit("", FileSourceSplit.FINISHED, 2));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> source.createReader(new TestSourceContext(0, 3), fromParallelism2));
        assertTrue(e.getMessage().contains("parallelism 2") && e.getMessage().contains("parallelism 3"),
                e.getMessage());
    }

    @Test
    void theDiscoveryIntervalMustBePositive() {
        FileSource.FileSourceBuilder<String> builder = FileSource.forRecordStreamFormat(new TextLineInputFormat(),
                new dev.weir.api.fs.Path(dir.toUri()));
        assertThrows(IllegalArgumentException.class, () -> builder.monitorContinuously(Duration.ZERO));
    }
}
