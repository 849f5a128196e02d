package dev.weir.flink.io;

import dev.weir.api.RestartStrategy;
import dev.weir.api.DataStream;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.configuration.Configuration;
import dev.weir.api.configuration.DeploymentOptions;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.connector.Sink;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.CheckpointListener;
import dev.weir.api.functions.CheckpointedFunction;
import dev.weir.api.functions.FunctionInitializationContext;
import dev.weir.api.functions.FunctionSnapshotContext;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.MapFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.Collector;
import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.connector.file.FileSource;
import dev.weir.connector.file.TextLineInputFormat;
import dev.weir.examples.Counts;
import dev.weir.examples.CountsKafka;
import dev.weir.examples.CountsPostgres;
import dev.weir.examples.LineFiles;
import dev.weir.flink.FlinkRunnerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The counts job for the Flink runner's io tests: generator (rate-limited, parallel) → a map that fails once after
 * {@code failAfter} records of one subtask and a completed checkpoint (a flag file makes it fail only once in the
 * whole run) → keyBy(key) →
 * running count → an exactly-once sink of lines {@code key,count,seq}: Weir's FileSink into a directory, or the
 * transactional KafkaSink into a topic. The source is Weir's generator or, reading a preloaded topic, Weir's
 * KafkaSource, or Weir's FileSource reading files of seq lines (for the last two a map slows the job down to about {@code rate} records per second per subtask, so that
 * checkpoints fall in the middle of the input). Checkpoints every 100 ms; Flink restarts the job after the failure.
 *
 * <p>Arguments: source ({@code generator}, {@code kafka=<bootstrap>=<topic>} or {@code files=<dir>}), sink ({@code files=<dir>},
 * {@code kafka=<bootstrap>=<topic>} or {@code postgres=<table>=<user>=<password>=<jdbc url>}), records, keys, rate
 * per second, failAfter (0: never fail), flag file.
 */
public final class CountsOnFlinkProgram {

    private CountsOnFlinkProgram() {
    }

    public static void main(String[] args) throws Exception {
        String[] source = args[0].split("=");
        String[] out = args[1].split("=", 5);
        long records = Long.parseLong(args[2]);
        long keys = Long.parseLong(args[3]);
        long rate = Long.parseLong(args[4]);
        long failAfter = Long.parseLong(args[5]);
        Path flag = Path.of(args[6]);
        Sink<Counts.Line> sink = switch (out[0]) {
            case "files" -> LineFiles.exactlyOnce(Path.of(out[1]));
            case "postgres" -> CountsPostgres.sink(new CountsPostgres.Target(out[4], out[2], out[3], out[1]));
            default -> CountsKafka.sink(out[1], out[2]);
        };

        Configuration conf = new Configuration();
        conf.set(DeploymentOptions.TARGET, "flink");
        conf.set(FlinkRunnerOptions.CLUSTER, "mini");
        FlinkRunnerOptions.program(conf, CountsOnFlinkProgram.class, List.of(args));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(100);
        env.setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ofMillis(200)));

        DataStream<Counts.Event> events;
        if (source[0].equals("generator")) {
            DataGeneratorSource<Counts.Event> generator = new DataGeneratorSource<>(
                    seq -> new Counts.Event(seq, seq % keys), records, RateLimiterStrategy.perSecond(rate),
                    TypeInformation.of(Counts.Event.class));
            events = env.fromSource(generator, WatermarkStrategy.noWatermarks(), "generator").uid("generator");
        } else if (source[0].equals("files")) {
            FileSource<String> files = FileSource.forRecordStreamFormat(new TextLineInputFormat(),
                    new dev.weir.api.fs.Path(source[1])).build();
            events = env.fromSource(files, WatermarkStrategy.noWatermarks(), "files-in").uid("files-in")
                    .map(line -> new Counts.Event(Long.parseLong(line), Long.parseLong(line) % keys))
                    .returns(Counts.Event.class)
                    .map(new Throttle(rate)).uid("throttle");
        } else {
            events = env.fromSource(CountsKafka.source(source[1], source[2], keys), WatermarkStrategy.noWatermarks(),
                    "kafka-in").uid("kafka-in")
                    .map(new Throttle(rate)).uid("throttle");
        }
        events.map(new FailOnce(failAfter, flag)).uid("fail-once")
                .keyBy(Counts.Event::key)
                .process(new RunningCount()).uid("count")
                .sinkTo(sink).name("out").uid("out");
        env.execute("counts-on-flink");
    }

    /** Passes events on at about {@code rate} per second (per subtask). */
    static final class Throttle implements MapFunction<Counts.Event, Counts.Event> {
        private final long rate;
        private long seen;

        Throttle(long rate) {
            this.rate = rate;
        }

        @Override
        public Counts.Event map(Counts.Event event) throws InterruptedException {
            if (++seen % Math.max(1, rate / 100) == 0) {
                Thread.sleep(10);
            }
            return event;
        }
    }

    /**
     * Passes events on; throws once in the whole run, in the first subtask that has passed {@code failAfter} records
     * and seen a checkpoint complete (so the restore is from a checkpoint, not from the start). A subtask restored
     * from a checkpoint writes the checkpoint's id to {@code <flag>.restored}.
     */
    static final class FailOnce implements MapFunction<Counts.Event, Counts.Event>, CheckpointedFunction,
            CheckpointListener {
        private long failAfter;
        private final String flag;
        private long seen;
        private boolean checkpointCompleted;

        FailOnce(long failAfter, Path flag) {
            this.failAfter = failAfter;
            this.flag = flag.toString();
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws IOException {
            if (context.isRestored()) {
                Files.writeString(Path.of(flag + ".restored"), Long.toString(context.getRestoredCheckpointId()
                        .getAsLong()));
            }
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointCompleted = true;
        }

        @Override
        public Counts.Event map(Counts.Event event) throws IOException {
            if (failAfter > 0 && ++seen >= failAfter && checkpointCompleted) {
                try {
                    Files.createFile(Path.of(flag));
                } catch (java.nio.file.FileAlreadyExistsException alreadyFailedOnce) {
                    failAfter = 0;
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
