package dev.weir.examples.flink;

import java.util.Locale;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Reads every record in a topic up to its end when the job starts, upper-cases it and writes it to
 * another topic exactly once (Kafka transactions, committed with each checkpoint).
 *
 * <p>Arguments: bootstrap servers, input topic, output topic, consumer group id, transactional id
 * prefix, checkpoint directory.
 */
public class KafkaUppercase {

    public static void main(String[] args) throws Exception {
        String brokers = args[0];

        Configuration config = new Configuration();
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, args[5]);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.enableCheckpointing(100);

        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers(brokers)
                .setTopics(args[1])
                .setGroupId(args[3])
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();

        KafkaSink<String> sink = KafkaSink.<String>builder()
                .setBootstrapServers(brokers)
                .setRecordSerializer(KafkaRecordSerializationSchema.builder()
                        .setTopic(args[2])
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(args[4])
                // the brokers' default transaction.max.timeout.ms is 15 minutes
                .setProperty("transaction.timeout.ms", "900000")
                .build();

        env.fromSource(source, WatermarkStrategy.noWatermarks(), "input")
                .map(line -> line.toUpperCase(Locale.ROOT))
                .sinkTo(sink);

        env.execute("kafka-uppercase");
    }
}
