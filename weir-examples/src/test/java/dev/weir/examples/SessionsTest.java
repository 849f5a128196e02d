package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.StreamExecutionEnvironment;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sessions job in this JVM: its committed sessions and late clicks are exactly the reference. */
class SessionsTest {
    @TempDir
    Path dir;

    @Test
    void theCommittedSessionsAndLateClicksAreExactlyTheReference() throws Exception {
        long clicks = 100_000;
        long users = 300;
        Path output = dir.resolve("output");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
                .setJobName("sessions-test");
        env.enableCheckpointing(50);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        Sessions.define(env, ClickGenerator.source(clicks, users, 200_000), Sessions.sessionsDir(output),
                Sessions.lateDir(output));

        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(List.of(), SessionsReference.problems(Sessions.sessionsDir(output), Sessions.lateDir(output),
                clicks, users));
        assertFalse(SessionsReference.committedLines(Sessions.lateDir(output)).isEmpty(), "no click was late");
        assertTrue(SessionsReference.committedLines(Sessions.sessionsDir(output)).size() > 1_000);
    }
}
