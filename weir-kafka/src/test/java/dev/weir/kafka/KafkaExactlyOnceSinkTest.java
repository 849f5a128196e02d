package dev.weir.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.DeliveryGuarantee;
import dev.weir.kafka.broker.KafkaTestClients;
import dev.weir.kafka.broker.LocalKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaExactlyOnceSinkTest {
    @TempDir
    static Path brokerDir;
    static LocalKafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = LocalKafkaBroker.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void aCheckpointedJobWritesEveryRecordOnceAndLeavesNoTransactionOpen() throws Exception {
        broker.createTopic("eos-out", 2);
        long n = 50_000;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2).setJobName("eos");
        env.enableCheckpointing(100);
        env.getCheckpointConfig().setDirectory(dir.resolve("chk").toString());
        env.fromGenerator(n, seq -> seq).uid("gen")
                .sinkTo(KafkaSink.<Long>builder()
                        .setBootstrapServers(broker.bootstrapServers())
                        .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic("eos-out")
                                .setValueSerializationSchema(KafkaTesting.DECIMAL).build())
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix("eos-test")
                        .build()).uid("kafka");

        JobExecutionResult result = env.executeAsync().awaitResult();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        List<String> values = KafkaTestClients.readCommittedValues(broker.bootstrapServers(), "eos-out");
        assertEquals(n, values.size());
        List<Long> seqs = new ArrayList<>();
        values.forEach(v -> seqs.add(Long.parseLong(v)));
        assertEquals(n, new TreeSet<>(seqs).size());
        assertEquals(List.of(), KafkaTestClients.openTransactions(broker.bootstrapServers(), "eos-test"));
    }
}
