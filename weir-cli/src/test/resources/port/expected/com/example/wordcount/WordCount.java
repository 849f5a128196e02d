package com.example.wordcount;

import java.util.Locale;
import dev.weir.api.functions.FlatMapFunction;
import dev.weir.api.functions.MapFunction;
import dev.weir.api.functions.KeySelector;
import dev.weir.api.CheckpointingMode;
import dev.weir.api.DataStream;
import dev.weir.api.KeyedStream;
import dev.weir.api.SingleOutputStreamOperator;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.Collector;

/** Counts words: a Flink job as it is written for Flink (org.apache.flink.util.Collector in a comment stays). */
public class WordCount {
    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(1000, CheckpointingMode.EXACTLY_ONCE);
        DataStream<String> lines = env.fromData("to be or not to be");
        SingleOutputStreamOperator<String> words = lines.flatMap(new Splitter());
        KeyedStream<String, String> byWord = words.keyBy(new KeySelector<String, String>() {
            @Override
            public String getKey(String word) {
                return word;
            }
        });
        byWord.map(new MapFunction<String, String>() {
            @Override
            public String map(String word) {
                return "org.apache.flink.util.Collector is not rewritten in strings: " + word;
            }
        }).print();
        env.execute("word count");
    }

    static final class Splitter implements FlatMapFunction<String, String> {
        @Override
        public void flatMap(String line, Collector<String> out) {
            for (String word : line.toLowerCase(Locale.ROOT).split("\\W+")) {
                out.collect(word);
            }
        }
    }
}
