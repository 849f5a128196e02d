package dev.weir.bench.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The freshness workload's file watcher on a real directory: files renamed into place as the file sinks commit them. */
class CommittedFileWatcherTest {

    @TempDir
    Path dir;

    @Test
    void eachEventIsStampedWhenItsFileIsRenamedIntoPlaceNotWhenItIsWritten() throws Exception {
        Path output = dir.resolve("output");
        VisibilityLog log = new VisibilityLog(4);
        CommittedFileWatcher watcher = new CommittedFileWatcher(output, log);
        watcher.start();
        long created = System.nanoTime();
        commit(output, "part-0-0", "0," + created + ",x\n1," + created + "\n");
        Path hidden = output.resolve(".part-0-1.inprogress");
        Files.writeString(hidden, "2," + created + "\n3," + created + "\n");
        Thread.sleep(300); // written but hidden: not visible yet
        long beforeRename = System.nanoTime();
        Files.move(hidden, output.resolve("part-0-1"), StandardCopyOption.ATOMIC_MOVE);
        watcher.finish(Duration.ofSeconds(10));
        assertEquals(List.of(), log.problems());
        assertTrue(log.maxMillis() * 1e6 >= beforeRename - created,
                "the last file's events were stamped before its rename: max " + log.maxMillis() + " ms");
        assertTrue(watcher.figures().contains("committed_files=2"), watcher.figures().toString());
    }

    @Test
    void whenTheSameEventIsCommittedInTwoFiles_thenTheLogReportsADuplicate() throws Exception {
        Path output = dir.resolve("output");
        VisibilityLog log = new VisibilityLog(2);
        CommittedFileWatcher watcher = new CommittedFileWatcher(output, log);
        watcher.start();
        commit(output, "part-0-0", "0,0\n1,0\n");
        commit(output, "part-1-0", "1,0\n");
        Thread.sleep(200);
        watcher.finish(Duration.ofSeconds(1));
        assertEquals(List.of("1 events were committed more than once (first: seq 1)"), log.problems());
    }

    private static void commit(Path output, String name, String lines) throws Exception {
        Path hidden = output.resolve("." + name + ".inprogress");
        Files.write(hidden, lines.getBytes(StandardCharsets.UTF_8));
        Files.move(hidden, output.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
