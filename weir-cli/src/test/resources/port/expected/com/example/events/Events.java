package com.example.events;

import dev.weir.api.DataStream;
import dev.weir.api.DataStreamSource;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.StreamExecutionEnvironment;

/** Wildcard imports, as older Flink jobs have them. */
public class Events {
    public static DataStream<KeyValue> events(StreamExecutionEnvironment env) {
        DataStreamSource<KeyValue> source = env.fromData(new KeyValue("a", 1), new KeyValue("b", 2));
        return source.filter(event -> event.value() > 0);
    }

    public static WatermarkStrategy<KeyValue> watermarks() {
        return WatermarkStrategy.noWatermarks();
    }
}
