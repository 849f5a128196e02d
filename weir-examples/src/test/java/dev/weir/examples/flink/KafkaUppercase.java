package dev.weir.examples.flink;

import java.util.Locale;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.serialization.SimpleStringSchema;
import dev.weir.api.configuration.CheckpointingOptions;
import dev.weir.api.configuration.Configuration;
import dev.weir.api.connector.DeliveryGuarantee;
import dev.weir.kafka.KafkaRecordSerializationSchema;
import dev.weir.kafka.KafkaSink;
import dev.weir.kafka.KafkaSource;
import dev.weir.kafka.OffsetsInitializer;
import dev.weir.api.StreamExecutionEnvironment;

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
