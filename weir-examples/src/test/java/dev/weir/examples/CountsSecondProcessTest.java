package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.checkpoint.CheckpointStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes of the same job on one checkpoint directory: the second is refused at once, naming
 * the directory and the process that holds it, and the first finishes with exact output. After a
 * {@code kill -9} of the holder the lock is free again (the OS released it).
 */
class CountsSecondProcessTest {
    private static final long RECORDS = 300_000;
    private static final long KEYS = 20;

    @TempDir
    Path dir;

    @Test
    void aSecondProcessOnTheSameJobDirectoryIsRefusedAndTheFirstStaysExact() throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        Path output = dir.resolve("output");
        Process first = start(checkpoints, output, dir.resolve("first.log"), List.of());
        CheckpointStorage storage = new CheckpointStorage(checkpoints, "counts");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (storage.completedCheckpointIds().isEmpty() && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(first.isAlive(), "the first process is still running");

        Process second = start(checkpoints, output, dir.resolve("second.log"), List.of("--restore", "latest"));
        assertTrue(second.waitFor(60, TimeUnit.SECONDS));
        String log = Files.readString(dir.resolve("second.log"));
        assertEquals(2, second.exitValue(), log);
        assertTrue(log.contains(storage.jobDirectory().toString()) && log.contains("process " + first.pid()), log);

        first.destroyForcibly(); // kill -9 while it holds the lock
        first.waitFor();
        Process resumed = start(checkpoints, output, dir.resolve("resumed.log"), List.of("--restore", "latest"));
        assertTrue(resumed.waitFor(120, TimeUnit.SECONDS), "the resumed run did not finish");
        assertEquals(0, resumed.exitValue(), Files.readString(dir.resolve("resumed.log")));
        assertEquals(List.of(), CommittedOutput.check(output, RECORDS, KEYS));
    }

    private static Process start(Path checkpoints, Path output, Path log, List<String> extra) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--records", Long.toString(RECORDS),
                "--keys", Long.toString(KEYS), "--parallelism", "2", "--checkpoint-interval", "100ms",
                "--rate", "50000", "--progress-interval", "0",
                "--checkpoint-dir", checkpoints.toString(), "--output", output.toString()));
        arguments.addAll(extra);
        return CountsProcess.start(log, arguments);
    }
}
