package dev.weir.examples.flink;

import java.time.Duration;
import dev.weir.api.eventtime.Watermark;
import dev.weir.api.eventtime.WatermarkGenerator;
import dev.weir.api.eventtime.WatermarkOutput;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.JoinFunction;
import dev.weir.api.serialization.SimpleStringEncoder;
import dev.weir.api.configuration.CheckpointingOptions;
import dev.weir.api.configuration.Configuration;
import dev.weir.connector.file.FileSink;
import dev.weir.connector.file.FileSource;
import dev.weir.connector.file.TextLineInputFormat;
import dev.weir.api.fs.Path;
import dev.weir.api.DataStream;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.functions.ProcessJoinFunction;
import dev.weir.connector.file.BasePathBucketAssigner;
import dev.weir.connector.file.OnCheckpointRollingPolicy;
import dev.weir.api.windowing.assigners.TumblingEventTimeWindows;
import dev.weir.api.Collector;

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
