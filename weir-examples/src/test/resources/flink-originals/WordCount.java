package dev.weir.examples.flink;

import java.util.Locale;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.util.Collector;

/**
 * Counts words: reads text files, splits them into lower-case words and writes a running count per
 * word as the line {@code word,count} every time the word appears again.
 *
 * <p>Arguments: input path, output directory, checkpoint directory.
 */
public class WordCount {

    public static void main(String[] args) throws Exception {
        String input = args[0];
        String output = args[1];

        Configuration config = new Configuration();
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, args[2]);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.enableCheckpointing(100);

        FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(input)).build();
        DataStream<String> lines = env.fromSource(source, WatermarkStrategy.noWatermarks(), "lines");

        DataStream<String> counts = lines
                .flatMap((String line, Collector<Tuple2<String, Integer>> out) -> {
                    for (String word : line.toLowerCase(Locale.ROOT).split("\\W+")) {
                        if (!word.isEmpty()) {
                            out.collect(Tuple2.of(word, 1));
                        }
                    }
                })
                .returns(Types.TUPLE(Types.STRING, Types.INT))
                .keyBy(count -> count.f0)
                .sum(1)
                .map(count -> count.f0 + "," + count.f1);

        counts.sinkTo(FileSink.forRowFormat(new Path(output), new SimpleStringEncoder<String>())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .build());

        env.execute("word-count");
    }
}
