package com.example.wordcount;

import java.util.Locale;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

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
