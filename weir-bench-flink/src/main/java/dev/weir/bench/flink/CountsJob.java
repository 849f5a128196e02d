package dev.weir.bench.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.util.Collector;

/**
 * Mirrors Weir's exactly-once showcase {@code dev.weir.examples.Counts} as the benchmarks define it:
 * a generator of {@code seq = 0..N-1} with {@code key = seq % K} → keyBy(key) → running count per
 * key in keyed state → the line {@code key,count,seq} → Flink's exactly-once {@link FileSink} (row
 * format, {@link SimpleStringEncoder}). Like Weir's file sink, the Flink sink writes flat into the
 * output directory (no date buckets) and rolls its part files at every checkpoint, so each
 * completed checkpoint commits what was written since the previous one.
 */
public final class CountsJob {

    /** One generated record. */
    public record Event(long seq, long key) {
    }

    /** What the job writes for each record. */
    public record Line(long key, long count, long seq) {
        @Override
        public String toString() {
            return key + "," + count + "," + seq;
        }
    }

    private CountsJob() {
    }

    /** The generator → count → files job; with {@code rate > 0} also measures latency at the sink. */
    static void define(StreamExecutionEnvironment env, long records, long keys, long rate, Path output) {
        Source<Event, ?, ?> source = FlinkBenchmarks.generator(records, rate, seq -> new Event(seq, seq % keys),
                Event.class);
        DataStream<Line> lines = counts(env.fromSource(source, FlinkBenchmarks.sourceTimestamps(rate), "generator")
                .uid("generator"));
        if (rate > 0) {
            // chained into the sink's task: records each line's latency as it arrives at the sink
            lines = lines.process(new Latency.Probe<Line>()).returns(Line.class).name("latency");
        }
        lines.sinkTo(fileSink(output)).name("files").uid("files");
    }

    /** The job with any source of events and any sink of lines (kafka-counts, pg-counts); the uids name their state. */
    static void define(StreamExecutionEnvironment env, Source<Event, ?, ?> source, String sourceUid, Sink<Line> sink,
                       String sinkUid) {
        counts(env.fromSource(source, WatermarkStrategy.noWatermarks(), sourceUid).uid(sourceUid))
                .sinkTo(sink).name(sinkUid).uid(sinkUid);
    }

    private static DataStream<Line> counts(DataStream<Event> events) {
        return events.keyBy(Event::key, Types.LONG)
                .process(new RunningCount()).name("count").uid("count");
    }

    static FileSink<Line> fileSink(Path output) {
        return FileSink.forRowFormat(new org.apache.flink.core.fs.Path(output.toUri()), new SimpleStringEncoder<Line>())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .build();
    }

    /** The lines of the committed part files (hidden in-progress files, named '.*', excluded); close it. */
    static Stream<String> committedLines(Path output) throws IOException {
        return Files.walk(output)
                .filter(Files::isRegularFile)
                .filter(f -> !f.getFileName().toString().startsWith("."))
                .flatMap(f -> {
                    try {
                        return Files.lines(f);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** Running count per key in keyed state; emits {@code key,count,seq}. */
    static final class RunningCount extends KeyedProcessFunction<Long, Event, Line> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(Event event, Context context, Collector<Line> out) throws IOException {
            Long previous = count.value();
            long next = previous == null ? 1 : previous + 1;
            count.update(next);
            out.collect(new Line(event.key(), next, event.seq()));
        }
    }
}
