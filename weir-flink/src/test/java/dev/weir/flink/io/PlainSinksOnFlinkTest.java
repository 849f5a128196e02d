package dev.weir.flink.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.configuration.Configuration;
import dev.weir.api.configuration.DeploymentOptions;
import dev.weir.api.connector.Sink;
import dev.weir.api.functions.CheckpointedFunction;
import dev.weir.api.functions.FunctionInitializationContext;
import dev.weir.api.functions.FunctionSnapshotContext;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.flink.FlinkRunnerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Weir sinks without transactions on Flink: a plain sink gets every record, a {@link CheckpointedFunction} sink's
 * operator state is its Flink writer state, and a non-parallel source (a collection) runs with parallelism 1 even
 * when the job's default is higher.
 */
class PlainSinksOnFlinkTest {

    static final Queue<Long> PLAIN = new ConcurrentLinkedQueue<>();
    static final Queue<String> CHECKPOINTED = new ConcurrentLinkedQueue<>();

    @Test
    void aPlainSinkAndACheckpointedSinkGetEveryRecordOfACollectionSource() throws Exception {
        PLAIN.clear();
        CHECKPOINTED.clear();

        Program.main(new String[]{"500"});

        List<Long> expected = LongStream.range(0, 500).map(i -> i * 2).boxed().collect(Collectors.toList());
        assertEquals(expected, PLAIN.stream().sorted().collect(Collectors.toList()));
        assertEquals(expected.stream().map(String::valueOf).collect(Collectors.toList()),
                CHECKPOINTED.stream().map(Long::valueOf).sorted().map(String::valueOf).collect(Collectors.toList()));
    }

    /** numbers 0..n-1 → doubled → a plain sink and a checkpointed buffering sink. */
    public static final class Program {
        private Program() {
        }

        public static void main(String[] args) throws Exception {
            Configuration conf = new Configuration();
            conf.set(DeploymentOptions.TARGET, "flink");
            conf.set(FlinkRunnerOptions.CLUSTER, "mini");
            FlinkRunnerOptions.program(conf, Program.class, List.of(args));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(2);
            env.enableCheckpointing(50);
            List<Long> numbers = LongStream.range(0, Long.parseLong(args[0])).boxed().collect(Collectors.toList());
            var doubled = env.fromData(numbers).map(x -> x * 2).returns(Long.class);
            doubled.sinkTo((Sink<Long>) PLAIN::add).name("plain");
            doubled.sinkTo(new BufferingSink()).name("buffering").uid("buffering");
            env.execute("plain-sinks");
        }
    }

    /** Buffers records in operator state and hands them on at the end of input. */
    static final class BufferingSink implements Sink<Long>, CheckpointedFunction {
        private transient ListState<String> buffered;
        private transient List<String> pending;

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            pending = new ArrayList<>();
            buffered = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("buffered", String.class));
            buffered.get().forEach(pending::add);
        }

        @Override
        public void write(Long value) {
            pending.add(Long.toString(value));
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            buffered.update(pending);
        }

        @Override
        public void finish() {
            CHECKPOINTED.addAll(pending);
            pending.clear();
        }
    }
}
