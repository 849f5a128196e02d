package dev.weir.flink.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.spi.JobSpec;
import dev.weir.api.spi.PlanCapture;
import dev.weir.examples.Counts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandRebuildTest {

    @Test
    void aJobCommandRebuiltInATaskManagerSkipsItsOutputCheckAndUnwindsBeforeSystemExit(@TempDir Path dir)
            throws Exception {
        Path output = Files.createDirectories(dir.resolve("output"));
        Files.writeString(output.resolve("part-0-committed"), "0,1,0\n"); // a client would refuse this output

        JobSpec spec = PlanCapture.capture(() -> {
            Counts.main(new String[] {"--records", "10", "--runner", "flink", "--output", output.toString(),
                    "--checkpoint-dir", dir.resolve("chk").toString()});
            return null;
        });

        assertEquals("counts", spec.jobName());
        assertTrue(spec.plan().stream().anyMatch(node -> "count".equals(node.uid())), spec.plan().toString());
    }
}
