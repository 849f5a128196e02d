package dev.weir.flink.io;

import dev.weir.api.RestartStrategy;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.configuration.Configuration;
import dev.weir.api.configuration.DeploymentOptions;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.connector.Sink;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.MapFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.Collector;
import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.examples.Counts;
import dev.weir.examples.CountsKafka;
import dev.weir.examples.LineFiles;
import dev.weir.flink.FlinkRunnerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The counts job for the Flink runner's io tests: generator (rate-limited, parallel) → a map that fails once after
 * {@code failAfter} records of one subtask (a flag file makes it fail only once in the whole run) → keyBy(key) →
 * running count → an exactly-once sink of lines {@code key,count,seq}: Weir's FileSink into a directory, or the
 * transactional KafkaSink into a topic. Checkpoints every 100 ms; Flink restarts the job after the failure.
 *
 * <p>Arguments: {@code files <dir> | kafka <bootstrap> <topic>}, then records, keys, rate per second, failAfter
 * (0: never fail), flag file.
 */
public final class CountsOnFlinkProgram {

    private CountsOnFlinkProgram() {
    }

    public static void main(String[] args) throws Exception {
        int at = args[0].equals("files") ? 2 : 3;
        long records = Long.parseLong(args[at]);
        long keys = Long.parseLong(args[at + 1]);
        long rate = Long.parseLong(args[at + 2]);
        long failAfter = Long.parseLong(args[at + 3]);
        Path flag = Path.of(args[at + 4]);
        Sink<Counts.Line> sink = args[0].equals("files") ? LineFiles.exactlyOnce(Path.of(args[1]))
                : CountsKafka.sink(args[1], args[2]);

        Configuration conf = new Configuration();
        conf.set(DeploymentOptions.TARGET, "flink");
        conf.set(FlinkRunnerOptions.CLUSTER, "mini");
        FlinkRunnerOptions.program(conf, CountsOnFlinkProgram.class, List.of(args));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(100);
        env.setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ofMillis(200)));

        DataGeneratorSource<Counts.Event> generator = new DataGeneratorSource<>(seq -> new Counts.Event(seq, seq % keys),
                records, RateLimiterStrategy.perSecond(rate), TypeInformation.of(Counts.Event.class));
        env.fromSource(generator, WatermarkStrategy.noWatermarks(), "generator").uid("generator")
                .map(new FailOnce(failAfter, flag)).uid("fail-once")
                .keyBy(Counts.Event::key)
                .process(new RunningCount()).uid("count")
                .sinkTo(sink).name("out").uid("out");
        env.execute("counts-on-flink");
    }

    /** Passes events on; throws once, in the first subtask that passes {@code failAfter} records, in the whole run. */
    static final class FailOnce implements MapFunction<Counts.Event, Counts.Event> {
        private final long failAfter;
        private final String flag;
        private long seen;

        FailOnce(long failAfter, Path flag) {
            this.failAfter = failAfter;
            this.flag = flag.toString();
        }

        @Override
        public Counts.Event map(Counts.Event event) throws IOException {
            if (failAfter > 0 && ++seen == failAfter) {
                try {
                    Files.createFile(Path.of(flag));
                } catch (java.nio.file.FileAlreadyExistsException alreadyFailedOnce) {
                    return event;
                }
                throw new IllegalStateException("injected failure after " + failAfter + " records (seq "
                        + event.seq() + ")");
            }
            return event;
        }
    }

    /** Running count per key in keyed state; emits {@code key,count,seq}. */
    static final class RunningCount extends KeyedProcessFunction<Long, Counts.Event, Counts.Line> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Counts.Event event, Context context, Collector<Counts.Line> out) {
            Long previous = count.value();
            long next = previous == null ? 1 : previous + 1;
            count.update(next);
            out.collect(new Counts.Line(event.key(), next, event.seq()));
        }
    }
}
