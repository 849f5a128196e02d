package dev.weir.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.bench.WindowWorkloads.Results;
import dev.weir.bench.support.WindowEvents;
import dev.weir.examples.JobOptions;
import dev.weir.examples.StateBackendOption;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The window workloads run on Weir (2 subtasks, checkpoints every 200 ms) over a small set of events
 * and give the pinned window results: the figures that Apache Flink 2.3 computes for the same job and
 * events in the Flink peer's {@code dev.weir.bench.flink.WindowWorkloadsTest}.
 */
class WindowWorkloadsTest {
    private static final long RECORDS = 200_000;
    private static final long KEYS = 20_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
            "window-tumbling, heap, 44079, 7358593393076984720",
            "window-sliding, heap, 224098, 695931483247281845",
            "window-session, heap, 30516, 5785002754565198412",
            "window-session, rocksdb, 30516, 5785002754565198412",
    })
    void whenAWindowWorkloadRuns_thenItsResultsAreThoseOfFlink(String workload, String state, long windows,
                                                              long hash) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
                .setStateBackend(StateBackendOption.parse(JobOptions.parse("--state", state)));
        env.enableCheckpointing(200);
        env.getCheckpointConfig().setDirectory(dir.toString());
        WindowWorkloads.define(env, workload, RECORDS, KEYS, 2);
        env.execute().orThrow();
        long perEvent = WindowWorkloads.windowsPerEvent(workload);
        assertEquals(new Results(windows, RECORDS * perEvent,
                        new WindowEvents(RECORDS, KEYS, 2).valueSum() * perEvent, hash),
                Results.collected());
    }
}
