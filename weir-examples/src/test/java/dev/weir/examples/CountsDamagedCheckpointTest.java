package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.checkpoint.CheckpointStorage;
import dev.weir.checkpoint.CompletedCheckpoint;
import dev.weir.checkpoint.OperatorStateHandles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counts job killed with SIGKILL, then a byte of its newest completed checkpoint flipped:
 * {@code --restore latest} must refuse (falling back would write the newer checkpoint's committed
 * output a second time), leave the committed output alone, and say how to go on; the same when
 * every retained checkpoint is damaged. Once the file is repaired, the resumed job is exact.
 */
class CountsDamagedCheckpointTest {
    private static final long RECORDS = 400_000;
    private static final long KEYS = 50;

    @TempDir
    Path dir;

    @Test
    void aDamagedNewestCheckpointIsRefusedWithoutTouchingTheOutput_andTheRepairedOneResumesExactly()
            throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        Path output = dir.resolve("output");
        CheckpointStorage storage = new CheckpointStorage(checkpoints, "counts");
        runAndKillAfterThreeCheckpoints(checkpoints, output, storage);
        List<Long> completed = storage.completedCheckpointIds();
        assertTrue(completed.size() >= 2, "two retained checkpoints: " + completed);

        Map<String, byte[]> outputBefore = files(output);
        Path newestKeyed = keyedFile(storage.loadVerified(completed.get(completed.size() - 1)));
        byte[] pristine = Files.readAllBytes(newestKeyed);
        flipByte(newestKeyed);

        Process refused = start(checkpoints, output, dir.resolve("refused.log"), List.of("--restore", "latest"));
        assertTrue(refused.waitFor(60, TimeUnit.SECONDS));
        String log = Files.readString(dir.resolve("refused.log"));
        assertEquals(2, refused.exitValue(), log);
        assertTrue(log.contains(newestKeyed.toString()) && log.contains("written a second time")
                && log.contains("--restore " + storage.checkpointDirectory(completed.get(completed.size() - 2))), log);
        assertEquals(outputBefore.keySet(), files(output).keySet(), "the refused start changed no output file");

        for (long id : completed) { // every retained checkpoint damaged: still refused, never a fresh start
            if (id != completed.get(completed.size() - 1)) {
                flipByte(keyedFile(storage.loadVerified(id)));
            }
        }
        Process allDamaged = start(checkpoints, output, dir.resolve("all-damaged.log"), List.of("--restore", "latest"));
        assertTrue(allDamaged.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, allDamaged.exitValue(), Files.readString(dir.resolve("all-damaged.log")));
        assertEquals(outputBefore.keySet(), files(output).keySet(), "the refused start changed no output file");

        Files.write(newestKeyed, pristine); // the operator puts the damaged file back
        Process resumed = start(checkpoints, output, dir.resolve("resumed.log"), List.of("--restore", "latest"));
        assertTrue(resumed.waitFor(120, TimeUnit.SECONDS), "the resumed run did not finish");
        assertEquals(0, resumed.exitValue(), Files.readString(dir.resolve("resumed.log")));
        assertEquals(List.of(), CommittedOutput.check(output, RECORDS, KEYS));
    }

    @Test
    void aVanishedNewestCheckpointDirectoryIsRefused_andRestoringTheOlderOneOnPurposeFinishesWithNewIds()
            throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        Path output = dir.resolve("output");
        CheckpointStorage storage = new CheckpointStorage(checkpoints, "counts");
        runAndKillAfterThreeCheckpoints(checkpoints, output, storage);
        // The newest checkpoint the trace knows completed (a kill between its metadata and the trace
        // may have left one newer, whose output was never committed): remove it and anything newer.
        long newest = new CheckpointStorage(checkpoints, "counts").lastCompletedCheckpointOfLineage();
        for (long id : storage.checkpointIds()) {
            if (id >= newest) {
                dev.weir.state.LocalFiles.deleteRecursively(storage.checkpointDirectory(id)); // an operator's rm
            }
        }
        List<Long> left = storage.completedCheckpointIds();
        assertTrue(!left.isEmpty() && newest > 0, "an older completed checkpoint is left: " + left);
        long older = left.get(left.size() - 1);

        Process refused = start(checkpoints, output, dir.resolve("refused.log"), List.of("--restore", "latest"));
        assertTrue(refused.waitFor(60, TimeUnit.SECONDS));
        String log = Files.readString(dir.resolve("refused.log"));
        assertEquals(2, refused.exitValue(), log);
        assertTrue(log.contains("checkpoint " + newest + " of job 'counts' completed")
                && log.contains("--restore " + storage.checkpointDirectory(older)), log);

        Process accepted = start(checkpoints, output, dir.resolve("accepted.log"),
                List.of("--restore", storage.checkpointDirectory(older).toString()));
        assertTrue(accepted.waitFor(120, TimeUnit.SECONDS), "the accepted restore did not finish");
        assertEquals(0, accepted.exitValue(), Files.readString(dir.resolve("accepted.log")));
        List<String> problems = CommittedOutput.check(output, RECORDS, KEYS);
        assertTrue(problems.stream().noneMatch(p -> p.contains("missing")), problems::toString);
        assertTrue(new CheckpointStorage(checkpoints, "counts").completedCheckpointIds().stream()
                .allMatch(id -> id > newest), "no checkpoint id was used twice");
    }

    /** Runs counts until it has completed three checkpoints, then kills it with SIGKILL. */
    private void runAndKillAfterThreeCheckpoints(Path checkpoints, Path output, CheckpointStorage storage)
            throws Exception {
        Process first = start(checkpoints, output, dir.resolve("first.log"), List.of());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (storage.completedCheckpointIds().size() < 3 && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        first.destroyForcibly();
        first.waitFor();
    }

    private static Path keyedFile(CompletedCheckpoint checkpoint) {
        OperatorStateHandles count = checkpoint.metadata().operators().stream()
                .filter(op -> op.uid().equals("count")).findFirst().orElseThrow();
        return checkpoint.resolve(count.subtasks().get(0).keyedFile());
    }

    private static void flipByte(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
    }

    private static Map<String, byte[]> files(Path dir) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> list = Files.list(dir)) {
                for (Path f : (Iterable<Path>) list::iterator) {
                    if (!f.getFileName().toString().startsWith(".")) {
                        files.put(f.getFileName().toString(), Files.readAllBytes(f));
                    }
                }
            }
        }
        return files;
    }

    private static Process start(Path checkpoints, Path output, Path log, List<String> extra) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--records", Long.toString(RECORDS),
                "--keys", Long.toString(KEYS), "--parallelism", "2", "--checkpoint-interval", "100ms",
                "--rate", "100000", "--progress-interval", "0",
                // Three, not the default two: the job trace records a completion just after the checkpoint
                // two back was deleted, so a kill in between leaves the trace one behind; removing what it
                // names as newest must still leave an older checkpoint.
                "--retained-checkpoints", "3",
                "--checkpoint-dir", checkpoints.toString(), "--output", output.toString()));
        arguments.addAll(extra);
        return CountsProcess.start(log, arguments);
    }
}
