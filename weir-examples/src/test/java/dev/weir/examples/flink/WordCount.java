package dev.weir.examples.flink;

import java.util.Locale;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.serialization.SimpleStringEncoder;
import dev.weir.api.typeinfo.Types;
import dev.weir.api.tuple.Tuple2;
import dev.weir.api.configuration.CheckpointingOptions;
import dev.weir.api.configuration.Configuration;
import dev.weir.connector.file.FileSink;
import dev.weir.connector.file.FileSource;
import dev.weir.connector.file.TextLineInputFormat;
import dev.weir.api.fs.Path;
import dev.weir.api.DataStream;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.connector.file.BasePathBucketAssigner;
import dev.weir.connector.file.OnCheckpointRollingPolicy;
import dev.weir.api.Collector;

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
