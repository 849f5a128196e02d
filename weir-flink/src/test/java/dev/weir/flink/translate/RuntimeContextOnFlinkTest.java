package dev.weir.flink.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.functions.RichFlatMapFunction;
import dev.weir.api.metrics.Counter;
import dev.weir.api.Collector;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class RuntimeContextOnFlinkTest {

    static final Map<String, Integer> CLOSED = new ConcurrentHashMap<>();

    /** A rich flatMap that reports, once per subtask, what its runtime context tells it. */
    public static final class Reporting {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(3);
            env.fromSequence(1, 30).flatMap(new Reporter(args[0])).sinkTo(Outputs.sink(args[0]));
            env.execute("reporting");
        }
    }

    static final class Reporter extends RichFlatMapFunction<Long, String> {
        private final String run;
        private transient Counter records;
        private transient boolean reported;

        Reporter(String run) {
            this.run = run;
        }

        @Override
        public void open(OpenContext openContext) {
            records = getRuntimeContext().getMetricGroup().counter("reporterRecords");
        }

        @Override
        public void flatMap(Long value, Collector<String> out) {
            records.inc();
            if (!reported) {
                reported = true;
                var task = getRuntimeContext().getTaskInfo();
                out.collect("job " + getRuntimeContext().getJobInfo().getJobName() + " subtask "
                        + task.getIndexOfThisSubtask() + " of " + task.getNumberOfParallelSubtasks()
                        + " checkpointing " + getRuntimeContext().isCheckpointingEnabled());
            }
        }

        @Override
        public void close() {
            CLOSED.merge(run, 1, Integer::sum);
        }
    }

    @Test
    void aRichFunctionSeesTheSameRuntimeContextAndLifecycleOnFlinkAsOnTheLocalRuntime() throws Exception {
        FlinkRuns.runLocal(Reporting.class, "context-local");
        FlinkRuns.runOnFlink(Reporting.class, 3, "context-flink");

        List<String> expected = List.of("job reporting subtask 0 of 3 checkpointing false",
                "job reporting subtask 1 of 3 checkpointing false", "job reporting subtask 2 of 3 checkpointing false");
        assertEquals(expected, KeyedStateOnFlinkTest.sorted(Outputs.take("context-local")));
        assertEquals(expected, KeyedStateOnFlinkTest.sorted(Outputs.take("context-flink")));
        assertEquals(3, CLOSED.get("context-local"));
        assertEquals(3, CLOSED.get("context-flink"));
    }
}
