package com.example.events;

import org.apache.flink.api.common.eventtime.*;
import org.apache.flink.streaming.api.datastream.*;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

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
