package dev.weir.connector.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.RestartStrategy;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.fs.Path;
import dev.weir.api.serialization.SimpleStringEncoder;
import dev.weir.testing.CommittedFiles;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file-to-file job written exactly as in Flink 2 (file source, text lines, row-format file sink
 * with the base-path bucket assigner and checkpoint rolling): under a task failure and restart it
 * commits every input line exactly once, into the output directory itself.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FileToFileJobTest {

    @TempDir
    java.nio.file.Path dir;

    @Test
    void whenAFlinkStyleFileToFileJobFailsOnceAndRestarts_thenTheOutputHoldsEveryInputLineExactlyOnce()
            throws Exception {
        java.nio.file.Path in = Files.createDirectories(dir.resolve("in"));
        List<String> expected = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            StringBuilder content = new StringBuilder();
            for (int l = 0; l < 20_000; l++) {
                String line = "file" + f + " line " + l;
                content.append(line).append('\n');
                expected.add(line);
            }
            Files.writeString(in.resolve("part-" + f + ".txt"), content);
        }
        String inPath = in.toString();
        String outPath = dir.resolve("out").toString();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(10);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        env.setRestartStrategy(RestartStrategy.fixedDelay(1, Duration.ofMillis(1)));
        AtomicBoolean injected = new AtomicBoolean();

        // --- as in Flink, imports aside ---
        FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(inPath))
                .build();
        FileSink<String> sink = FileSink.forRowFormat(new Path(outPath), new SimpleStringEncoder<String>())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "lines").uid("lines")
                .map(line -> {
                    if (line.endsWith(" line 15000") && injected.compareAndSet(false, true)) {
                        throw new IllegalStateException("injected failure at " + line);
                    }
                    if (line.endsWith("000")) {
                        Thread.sleep(2); // slow enough for checkpoints to complete before the failure
                    }
                    return line.toUpperCase();
                }).uid("upper")
                .sinkTo(sink).uid("files");
        JobExecutionResult result = env.execute("file-to-file");
        // ---

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertTrue(injected.get(), "the fault was injected");
        assertEquals(1, result.restarts());
        java.nio.file.Path out = dir.resolve("out");
        assertEquals(expected.stream().map(String::toUpperCase).sorted().toList(), CommittedFiles.sortedLines(out));
        assertEquals(List.of(), CommittedFiles.hidden(out));
        try (var files = Files.list(out)) {
            assertTrue(files.allMatch(f -> Files.isRegularFile(f)
                    && f.getFileName().toString().matches("part-[01]-(\\d+|final-[0-9a-f]+)-\\d+")),
                    "parts directly in the output directory, no bucket directories");
        }
    }
}
