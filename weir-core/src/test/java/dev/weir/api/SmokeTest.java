package dev.weir.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.connector.CollectSink;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void countsPerKey() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        CollectSink<KeyValue<Long, Long>> sink = new CollectSink<>();
        env.fromSequence(0, 999).keyBy(i -> i % 10).count().sinkTo(sink);
        JobResult result = env.execute().orThrow();
        assertEquals(1000, sink.results().size());
        System.out.println(result);
    }
}
