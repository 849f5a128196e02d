package dev.weir.examples.flink;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Counts the views of each page per minute of event time and writes {@code page,minute,views}
 * for every minute in which the page was viewed. Views may arrive up to ten seconds out of order;
 * a view that arrives after its minute was counted goes to a side output of late views.
 *
 * <p>Input lines are {@code page,epochMillis,user}. Arguments: input path, counts directory,
 * late views directory, checkpoint directory.
 */
public class PageViewsPerMinute {

    static final OutputTag<PageView> LATE_VIEWS = new OutputTag<PageView>("late-views") {};

    static final long MAX_OUT_OF_ORDERNESS_MS = 10_000;

    /** One view of a page by a user at an event time (epoch milliseconds). */
    public record PageView(String page, long timestamp, String user) {

        static PageView parse(String line) {
            String[] fields = line.split(",");
            return new PageView(fields[0].trim(), Long.parseLong(fields[1].trim()), fields[2].trim());
        }

        @Override
        public String toString() {
            return page + "," + timestamp + "," + user;
        }
    }

    public static void main(String[] args) throws Exception {
        Configuration config = new Configuration();
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, args[3]);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.enableCheckpointing(100);

        // One reader, parser and watermark generator: the watermark follows the file's order, so
        // the same views are late in every run.
        FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(args[0])).build();
        DataStream<PageView> views = env.fromSource(source, WatermarkStrategy.noWatermarks(), "page-views")
                .setParallelism(1)
                .map(PageView::parse)
                .setParallelism(1)
                .name("parse")
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<PageView>forGenerator(context -> new BoundedOutOfOrdernessOnEveryView())
                        .withTimestampAssigner((view, previous) -> view.timestamp()))
                .setParallelism(1)
                .name("timestamps");

        SingleOutputStreamOperator<String> counts = views
                .keyBy(PageView::page)
                .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
                .sideOutputLateData(LATE_VIEWS)
                .aggregate(new CountViews(), new ViewsOfTheMinute())
                .name("views-per-minute");

        counts.sinkTo(textFiles(args[1])).name("counts");
        counts.getSideOutput(LATE_VIEWS)
                .map(PageView::toString)
                .sinkTo(textFiles(args[2])).name("late-views");

        env.execute("page-views-per-minute");
    }

    static FileSink<String> textFiles(String directory) {
        return FileSink.forRowFormat(new Path(directory), new SimpleStringEncoder<String>())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .build();
    }

    /**
     * The watermark of a bounded out-of-orderness strategy (the largest timestamp seen minus the
     * bound), emitted after every view instead of periodically: it depends on the input only.
     */
    public static class BoundedOutOfOrdernessOnEveryView implements WatermarkGenerator<PageView> {
        private long largestTimestamp = Long.MIN_VALUE + MAX_OUT_OF_ORDERNESS_MS + 1;

        @Override
        public void onEvent(PageView view, long timestamp, WatermarkOutput output) {
            largestTimestamp = Math.max(largestTimestamp, timestamp);
            output.emitWatermark(new Watermark(largestTimestamp - MAX_OUT_OF_ORDERNESS_MS - 1));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
        }
    }

    /** Counts the views of a window, one number per window instead of its views. */
    public static class CountViews implements AggregateFunction<PageView, Long, Long> {

        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(PageView view, Long views) {
            return views + 1;
        }

        @Override
        public Long getResult(Long views) {
            return views;
        }

        @Override
        public Long merge(Long a, Long b) {
            return a + b;
        }
    }

    /** Writes the count of a window with its page and its minute. */
    public static class ViewsOfTheMinute extends ProcessWindowFunction<Long, String, String, TimeWindow> {

        @Override
        public void process(String page, Context context, Iterable<Long> counts, Collector<String> out) {
            Instant minute = Instant.ofEpochMilli(context.window().getStart());
            out.collect(page + "," + minute + "," + counts.iterator().next());
        }
    }
}
