package dev.weir.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weir.api.serialization.SerializationSchema;
import dev.weir.api.serialization.SimpleStringSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** What the built record serialization schema makes of a record, without a broker. */
class KafkaRecordSerializationSchemaTest {
    private static final SerializationSchema.InitializationContext NO_CONTEXT =
            new SerializationSchema.InitializationContext() {
            };

    /** Subtask 1 of 3 writing to a topic of four partitions. */
    private static final KafkaRecordSerializationSchema.KafkaSinkContext SUBTASK_1_OF_3 =
            new KafkaRecordSerializationSchema.KafkaSinkContext() {
                @Override
                public int getParallelInstanceId() {
                    return 1;
                }

                @Override
                public int getNumberOfParallelInstances() {
                    return 3;
                }

                @Override
                public int[] getPartitionsForTopic(String topic) {
                    return new int[] {0, 1, 2, 3};
                }
            };

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void whenOnlyTopicAndValueAreSet_thenRecordsHaveNoKeyAndKafkaChoosesThePartition() throws Exception {
        KafkaRecordSerializationSchema<String> schema = KafkaRecordSerializationSchema.builder().setTopic("out")
                .setValueSerializationSchema(new SimpleStringSchema()).build();
        schema.open(NO_CONTEXT, SUBTASK_1_OF_3);

        ProducerRecord<byte[], byte[]> record = schema.serialize("héllo", SUBTASK_1_OF_3, null);

        assertEquals("out", record.topic());
        assertNull(record.key());
        assertArrayEquals(utf8("héllo"), record.value());
        assertNull(record.partition());
        assertNull(record.timestamp());
        assertEquals(1_000L, schema.serialize("x", SUBTASK_1_OF_3, 1_000L).timestamp());
    }

    @Test
    void whenKeySchemaAndPartitionerAreSet_thenThePartitionerSeesKeyValueTopicPartitionsAndItsSubtask()
            throws Exception {
        List<String> calls = new ArrayList<>();
        KafkaPartitioner<String> lastPartition = new KafkaPartitioner<>() {
            private int subtask = -1;

            @Override
            public void open(int parallelInstanceId, int parallelInstances) {
                subtask = parallelInstanceId;
                calls.add("open " + parallelInstanceId + "/" + parallelInstances);
            }

            @Override
            public int partition(String record, byte[] key, byte[] value, String targetTopic, int[] partitions) {
                calls.add(subtask + " " + record + " " + new String(key, StandardCharsets.UTF_8) + " "
                        + new String(value, StandardCharsets.UTF_8) + " " + targetTopic + " " + partitions.length);
                return partitions[partitions.length - 1];
            }
        };
        KafkaRecordSerializationSchema<String> schema = KafkaRecordSerializationSchema.builder().setTopic("out")
                .setValueSerializationSchema(new SimpleStringSchema())
                .setKeySerializationSchema((String s) -> utf8("key-" + s.length()))
                .setPartitioner(lastPartition)
                .build();
        schema.open(NO_CONTEXT, SUBTASK_1_OF_3);

        ProducerRecord<byte[], byte[]> record = schema.serialize("abc", SUBTASK_1_OF_3, null);

        assertArrayEquals(utf8("key-3"), record.key());
        assertEquals(3, record.partition());
        assertEquals(List.of("open 1/3", "1 abc key-3 abc out 4"), calls);
    }

    @Test
    void whenKafkaSerializersAreSet_thenTheyWriteKeyAndValue() throws Exception {
        KafkaRecordSerializationSchema<String> schema = KafkaRecordSerializationSchema.builder().setTopic("out")
                .setKafkaKeySerializer(StringSerializer.class)
                .setKafkaValueSerializer(StringSerializer.class)
                .build();
        schema.open(NO_CONTEXT, SUBTASK_1_OF_3);

        ProducerRecord<byte[], byte[]> record = schema.serialize("v", SUBTASK_1_OF_3, null);

        assertArrayEquals(utf8("v"), record.key());
        assertArrayEquals(utf8("v"), record.value());
    }

    @Test
    void whenTopicOrValueIsMissingOrTheValueIsSetTwice_thenBuildRefusesItSayingWhat() {
        assertEquals("KafkaRecordSerializationSchema: the topic is not set (setTopic)",
                assertThrows(IllegalArgumentException.class, () -> KafkaRecordSerializationSchema.builder()
                        .setValueSerializationSchema(new SimpleStringSchema()).build()).getMessage());
        assertEquals("KafkaRecordSerializationSchema: no value serialization schema (setValueSerializationSchema, "
                        + "e.g. new SimpleStringSchema(), or setKafkaValueSerializer)",
                assertThrows(IllegalArgumentException.class, () -> KafkaRecordSerializationSchema.builder()
                        .setTopic("out").build()).getMessage());
        assertEquals("KafkaRecordSerializationSchema: set a serialization schema or a Kafka serializer for the key "
                        + "and for the value, not both",
                assertThrows(IllegalArgumentException.class, () -> KafkaRecordSerializationSchema.builder()
                        .setTopic("out").setValueSerializationSchema(new SimpleStringSchema())
                        .setKafkaValueSerializer(StringSerializer.class).build()).getMessage());
    }
}
