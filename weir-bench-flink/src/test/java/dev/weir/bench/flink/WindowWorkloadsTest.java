package dev.weir.bench.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.bench.flink.WindowWorkloads.Results;
import dev.weir.bench.support.WindowEvents;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The window workloads run on Flink (a MiniCluster, 2 subtasks, checkpoints every 200 ms) over a
 * small set of events and give the pinned window results. Weir's {@code dev.weir.bench.WindowWorkloadsTest}
 * pins the same figures: the two engines compute the same windows.
 */
class WindowWorkloadsTest {
    private static final long RECORDS = 200_000;
    private static final long KEYS = 20_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
            "window-tumbling, hashmap, 44079, 7358593393076984720",
            "window-sliding, hashmap, 224098, 695931483247281845",
            "window-session, hashmap, 30516, 5785002754565198412",
            "window-session, rocksdb, 30516, 5785002754565198412",
    })
    void whenAWindowWorkloadRuns_thenItsResultsAreThePinnedOnes(String workload, String state, long windows,
                                                               long hash) throws Exception {
        Configuration config = FlinkBenchmarks.configuration(dir, state, true, 200);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, config);
        WindowWorkloads.define(env, workload, RECORDS, KEYS, 2);
        FlinkBenchmarks.execute(env, config, 2, workload);
        long perEvent = WindowWorkloads.windowsPerEvent(workload);
        assertEquals(new Results(windows, RECORDS * perEvent,
                        new WindowEvents(RECORDS, KEYS, 2).valueSum() * perEvent, hash),
                Results.collected());
    }
}
