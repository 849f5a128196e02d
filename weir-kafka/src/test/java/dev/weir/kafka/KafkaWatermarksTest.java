package dev.weir.kafka;

import static dev.weir.kafka.KafkaTesting.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.Collector;
import dev.weir.api.JobClient;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.serialization.SimpleStringSchema;
import dev.weir.kafka.broker.LocalKafkaBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each Kafka partition has its own watermark generator: the source subtask's watermark is the
 * minimum over its partitions, and records carry the Kafka record timestamps.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class KafkaWatermarksTest {
    @TempDir
    static Path brokerDir;
    static LocalKafkaBroker broker;
    static String servers;

    /** Timers fired, by time; the test reads it while the job runs (one JVM). */
    static final Set<Long> FIRED = new ConcurrentSkipListSet<>();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = LocalKafkaBroker.start(brokerDir);
        servers = broker.bootstrapServers();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    /** An event-time timer at each record's timestamp (the Kafka record timestamp). */
    static final class TimerAtRecordTime extends KeyedProcessFunction<Integer, String, String> {
        @Override
        public void processElement(String value, Context ctx, Collector<String> out) {
            if (ctx.timestamp() == null || ctx.timestamp() != Long.parseLong(value)) {
                throw new IllegalStateException("record " + value + " has timestamp " + ctx.timestamp());
            }
            ctx.timerService().registerEventTimeTimer(ctx.timestamp());
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            FIRED.add(timestamp);
        }
    }

    @Test
    void theSubtasksWatermarkIsTheMinimumOverItsPartitions() throws Exception {
        KafkaTesting.createTopic(broker, "src-watermarks", 2);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (long t = 1000; t < 1010; t++) {
            records.add(record("src-watermarks", 0, t, Long.toString(t))); // partition 0 is ahead
        }
        for (long t = 100; t < 110; t++) {
            records.add(record("src-watermarks", 1, t, Long.toString(t)));
        }
        KafkaTesting.produce(servers, records);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1)
                .setJobName("kafka-watermarks");
        env.getConfig().setAutoWatermarkInterval(10);
        env.fromSource(KafkaSource.<String>builder().setBootstrapServers(servers).setTopics("src-watermarks")
                                .setValueOnlyDeserializer(new SimpleStringSchema()).build(),
                        WatermarkStrategy.forMonotonousTimestamps(), "kafka")
                .keyBy(v -> 0)
                .process(new TimerAtRecordTime())
                .sinkTo(new dev.weir.connector.DiscardingSink<>());
        JobClient job = env.executeAsync();
        try {
            // Partition 1's watermark (109 - 1) holds the subtask back although partition 0 is at 1008.
            await(() -> FIRED.containsAll(range(100, 109)), "timers 100..108 fire: " + FIRED);
            Thread.sleep(300); // many periodic watermarks later
            assertEquals(range(100, 109), new TreeSet<>(FIRED), "nothing of partition 0 fired");

            KafkaTesting.produce(servers, List.of(record("src-watermarks", 1, 5000, "5000")));
            // Now partition 0 is the minimum: 1009 - 1.
            await(() -> FIRED.contains(1008L), "timers up to 1008 fire: " + FIRED);
            Thread.sleep(300);
            Set<Long> expected = new TreeSet<>(range(100, 110));
            expected.addAll(range(1000, 1009));
            assertEquals(expected, new TreeSet<>(FIRED));
        } finally {
            job.cancel();
        }
    }

    private static Set<Long> range(long from, long to) {
        Set<Long> values = new TreeSet<>();
        LongStream.range(from, to).forEach(values::add);
        return values;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.sleep(20);
        }
    }
}
