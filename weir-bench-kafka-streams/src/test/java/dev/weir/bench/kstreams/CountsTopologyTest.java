package dev.weir.bench.kstreams;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The topology emits one {@code key,count,seq} per input record, and its output verifies. */
class CountsTopologyTest {
    @Test
    void oneOutputPerInputWithRunningCounts(@TempDir Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "counts-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        int records = 20, keys = 3;
        try (TopologyTestDriver driver = new TopologyTestDriver(CountsTopology.build("in", "out", keys), props)) {
            TestInputTopic<byte[], String> in =
                    driver.createInputTopic("in", new ByteArraySerializer(), new StringSerializer());
            TestOutputTopic<String, String> out =
                    driver.createOutputTopic("out", new StringDeserializer(), new StringDeserializer());
            for (int seq = 0; seq < records; seq++) {
                in.pipeInput(Integer.toString(seq));
            }
            List<KeyValue<String, String>> output = out.readKeyValuesToList();
            assertEquals(records, output.size());
            assertEquals(KeyValue.pair("0", "0,1,0"), output.get(0));
            assertEquals(KeyValue.pair("1", "1,2,4"), output.get(4));
            OutputVerifier verifier = new OutputVerifier(records, keys);
            output.forEach(kv -> verifier.accept(kv.key, kv.value));
            assertTrue(verifier.verified(), verifier.summary());

            verifier.accept("0", "0,8,0"); // a duplicate seq must fail verification
            assertTrue(!verifier.verified());
        }
    }
}
