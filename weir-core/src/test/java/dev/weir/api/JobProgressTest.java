package dev.weir.api;

import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.connector.DiscardingSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link JobClient#getProgress()}: a running job's live figures, and the totals once it ended. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JobProgressTest {
    private static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();

    @TempDir
    Path dir;

    @Test
    void whileTheJobRuns_thenRecordsAndCheckpointsGrow_andAtTheEndEveryRecordIsCounted() throws Exception {
        long records = 20_000;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2).setJobName("progress");
        env.enableCheckpointing(50).getCheckpointConfig().setDirectory(dir.toString());
        env.fromSource(new DataGeneratorSource<>(seq -> seq, records, RateLimiterStrategy.perSecond(20_000)), WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
                .map(seq -> seq * 2).name("double")
                .sinkTo(new DiscardingSink<>()).name("discard");

        JobClient client = env.executeAsync();
        JobProgress seen = client.getProgress();
        JobProgress first = seen;
        while (seen.checkpointsCompleted() < 2 || seen.recordsOut() == 0) {
            Thread.sleep(10);
            JobProgress now = client.getProgress();
            assertTrue(now.recordsIn() >= seen.recordsIn() && now.checkpointsCompleted() >= seen.checkpointsCompleted(),
                    "progress went back: " + seen + " then " + now);
            seen = now;
        }
        assertTrue(seen.recordsIn() < records, "the job was watched while it ran: " + seen);
        assertNotNull(seen.lastCheckpointDuration());
        assertTrue(seen.lastCheckpointId() >= 2, seen.toString());
        assertEquals(0, first.restarts());

        JobExecutionResult result = client.awaitResult();
        JobProgress end = client.getProgress();
        assertEquals(JobStatus.FINISHED, result.status());
        assertEquals(records, end.recordsIn());
        assertEquals(records, end.recordsOut());
        assertEquals(result.completedCheckpoints().size(), end.checkpointsCompleted());
    }

    @Test
    void whenTheJobRestarts_thenRestartsAreCountedAndRecordsCountOverAllRuns() throws Exception {
        long records = 5_000;
        FAILED_ONCE.set(false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1).setJobName("progress-restart")
                .setRestartStrategy(RestartStrategy.fixedDelay(1, Duration.ofMillis(10)));
        env.fromSource(new DataGeneratorSource<>(seq -> seq, records), WatermarkStrategy.noWatermarks(), "numbers")
                .map(seq -> {
                    if (seq == 1_000 && FAILED_ONCE.compareAndSet(false, true)) {
                        throw new IllegalStateException("fails once");
                    }
                    return seq;
                }).name("fail-once")
                .sinkTo(new DiscardingSink<>()).name("discard");

        JobClient client = env.executeAsync();
        JobExecutionResult result = client.awaitResult();
        JobProgress end = client.getProgress();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(1, end.restarts());
        assertTrue(end.recordsIn() > records, "the replayed records count again: " + end);
        assertTrue(end.recordsOut() > records, "the records before the failure count too: " + end);
    }
}
