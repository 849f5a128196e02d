package dev.weir.examples.flink;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.JoinFunction;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.co.ProcessJoinFunction;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.Collector;

/**
 * Attributes clicks on ads to the impressions that showed the ad, with two joins of the impressions
 * and the clicks of a user in event time. An interval join attributes a click to every impression of
 * the same ad to the same user from one minute before the click until ten seconds after it (the ad
 * servers' and click trackers' clocks differ by up to ten seconds) and writes {@code
 * user,ad,impressionMillis,clickMillis}. A window join pairs every impression and click of a user in
 * the same minute and writes {@code user,impressionAd,clickAd,minuteStartMillis}.
 *
 * <p>Each input arrives at most ten seconds out of order, and its watermark trails its largest
 * timestamp by those ten seconds, so no event is late at the joins whichever way the two inputs
 * interleave: the output depends on the input only.
 *
 * <p>Input lines are {@code user,ad,epochMillis} in both files. Arguments: impressions path, clicks
 * path, attributed clicks directory, same-minute pairs directory, checkpoint directory.
 */
public class ClickAttribution {

    static final long MAX_OUT_OF_ORDERNESS_MS = 10_000;

    /** An impression or a click: a user saw or clicked an ad at an event time (epoch milliseconds). */
    public record AdEvent(String user, String ad, long timestamp) {

        static AdEvent parse(String line) {
            String[] fields = line.split(",");
            return new AdEvent(fields[0].trim(), fields[1].trim(), Long.parseLong(fields[2].trim()));
        }
    }

    public static void main(String[] args) throws Exception {
        Configuration config = new Configuration();
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, args[4]);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.enableCheckpointing(100);

        DataStream<AdEvent> impressions = events(env, args[0], "impressions");
        DataStream<AdEvent> clicks = events(env, args[1], "clicks");

        impressions.keyBy(AdEvent::user)
                .intervalJoin(clicks.keyBy(AdEvent::user))
                .between(Duration.ofSeconds(-10), Duration.ofMinutes(1))
                .process(new AttributeClickToImpression())
                .name("attribute")
                .sinkTo(textFiles(args[2]))
                .name("attributed-clicks");

        impressions.join(clicks)
                .where(AdEvent::user)
                .equalTo(AdEvent::user)
                .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
                .apply(new SameMinute())
                .name("same-minute")
                .sinkTo(textFiles(args[3]))
                .name("same-minute-pairs");

        env.execute("click-attribution");
    }

    /**
     * One reader, parser and watermark generator per file: the watermark of each input follows its
     * file's order.
     */
    static DataStream<AdEvent> events(StreamExecutionEnvironment env, String path, String name) {
        FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(path)).build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), name)
                .setParallelism(1)
                .map(AdEvent::parse)
                .setParallelism(1)
                .name("parse " + name)
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<AdEvent>forGenerator(context -> new BoundedOutOfOrdernessOnEveryEvent())
                        .withTimestampAssigner((event, previous) -> event.timestamp()))
                .setParallelism(1)
                .name("timestamps " + name);
    }

    static FileSink<String> textFiles(String directory) {
        return FileSink.forRowFormat(new Path(directory), new SimpleStringEncoder<String>())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .build();
    }

    /**
     * The watermark of a bounded out-of-orderness strategy (the largest timestamp seen minus the
     * bound), emitted after every event instead of periodically: it depends on the input only.
     */
    public static class BoundedOutOfOrdernessOnEveryEvent implements WatermarkGenerator<AdEvent> {
        private long largestTimestamp = Long.MIN_VALUE + MAX_OUT_OF_ORDERNESS_MS + 1;

        @Override
        public void onEvent(AdEvent event, long timestamp, WatermarkOutput output) {
            largestTimestamp = Math.max(largestTimestamp, timestamp);
            output.emitWatermark(new Watermark(largestTimestamp - MAX_OUT_OF_ORDERNESS_MS - 1));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
        }
    }

    /** Writes an impression and a click of a user in the join's interval if they are of the same ad. */
    public static class AttributeClickToImpression extends ProcessJoinFunction<AdEvent, AdEvent, String> {

        @Override
        public void processElement(AdEvent impression, AdEvent click, Context context, Collector<String> out) {
            if (impression.ad().equals(click.ad())) {
                out.collect(impression.user() + "," + impression.ad() + "," + context.getLeftTimestamp() + ","
                        + context.getRightTimestamp());
            }
        }
    }

    /** Writes an impression and a click of a user in the same minute, with the minute. */
    public static class SameMinute implements JoinFunction<AdEvent, AdEvent, String> {

        @Override
        public String join(AdEvent impression, AdEvent click) {
            long minute = impression.timestamp() - impression.timestamp() % 60_000;
            return impression.user() + "," + impression.ad() + "," + click.ad() + "," + minute;
        }
    }
}
