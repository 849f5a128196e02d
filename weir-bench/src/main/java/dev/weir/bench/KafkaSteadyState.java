package dev.weir.bench;

import dev.weir.examples.CountsKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code kafka-counts} in {@link SideBySide} at steady state. The input topic holds
 * {@code warmup + timed} records, prepared once (its time printed, not part of any run). Every run
 * (Weir, Flink, Kafka Streams, each in its own JVM, the broker in another) reads all of it; while it
 * runs, a {@code read_committed} consumer in this JVM reads the run's output topic and times its
 * committed output with a {@link SteadyRate}: the first {@code warmup} records (JIT compilation,
 * start-up, the first checkpoints or commits) are not timed, the rest are. The same observer times
 * all three systems, so it measures each the same way: records visible in committed output per
 * second. The run's own whole-run figure is kept as {@code whole_run_rps}.
 */
final class KafkaSteadyState {
    static final String INPUT_TOPIC = "counts-in";
    private static final Duration POLL = Duration.ofMillis(50);

    private KafkaSteadyState() {
    }

    /** Creates and fills the input topic (2 partitions) with {@code records} records; prints how long that took. */
    static String prepare(String servers, long records) throws Exception {
        long start = System.nanoTime();
        CountsKafka.createTopics(servers, 2, INPUT_TOPIC);
        CountsKafka.preload(servers, INPUT_TOPIC, records);
        double seconds = (System.nanoTime() - start) / 1e9;
        String line = String.format(Locale.ROOT, "input topic prepared: %,d records in %.1f s (%,.0f records/s), "
                + "before and outside every timed run", records, seconds, records / seconds);
        System.out.println(line);
        return line;
    }

    /** Like {@code SideBySide.runPairs}, each run timed by a committed-output observer of its output topic. */
    static List<SideBySide.Run> runPairs(SideBySide.Workload workload, int pairs, String servers, long warmup)
            throws Exception {
        List<SideBySide.Run> runs = new ArrayList<>();
        List<String> systems = new ArrayList<>(List.of("weir"));
        workload.systems().keySet().stream().filter(s -> !s.equals("weir")).sorted().forEach(systems::add);
        for (int pair = 0; pair < pairs; pair++) {
            for (String system : systems) {
                List<String> command = workload.systems().get(system).apply(pair);
                String topic = command.get(command.indexOf("--output-topic") + 1);
                long records = Long.parseLong(command.get(command.indexOf("--records") + 1));
                CountsKafka.createTopics(servers, 2, topic); // before the observer starts; every peer accepts it empty
                Observer observer = new Observer(servers, topic, warmup);
                observer.start();
                SideBySide.Run run;
                try {
                    run = SideBySide.run(system, command);
                } finally {
                    observer.finish(records);
                }
                if (run == null) {
                    continue;
                }
                if (observer.failure != null || observer.rate.records() < records || observer.rate.timedRecords() == 0) {
                    System.err.println("side-by-side: " + system + " not counted: the observer of " + topic + " saw "
                            + observer.rate.records() + " of " + records + " records"
                            + (observer.failure == null ? "" : " (" + observer.failure + ")"));
                    continue;
                }
                Map<String, String> figures = new LinkedHashMap<>(run.figures());
                figures.put("whole_run_rps", figures.get("throughput_rps"));
                figures.put("timed_records", Long.toString(observer.rate.timedRecords()));
                figures.put("timed_s", String.format(Locale.ROOT, "%.3f", observer.rate.timedSeconds()));
                double warmupSeconds = (observer.rate.timedSpanStartNanos() - observer.startNanos) / 1e9;
                figures.put("warmup_s", String.format(Locale.ROOT, "%.3f", warmupSeconds));
                figures.put("throughput_rps", Long.toString(Math.round(observer.rate.recordsPerSecond())));
                System.out.printf(Locale.ROOT, "%-40s %-14s %,14.0f records/s steady (%,d records in %.1f s after "
                                + "%,d untimed in %.1f s from the child's start; whole run %s)%n", "kafka-counts", system,
                        observer.rate.recordsPerSecond(), observer.rate.timedRecords(), observer.rate.timedSeconds(), warmup,
                        warmupSeconds, run.figures().get("throughput_rps"));
                runs.add(new SideBySide.Run(system, figures, run.peakRssMb()));
            }
        }
        return runs;
    }

    /** The note under the table: each system's median whole-run figure (warm-up included) and warm-up time. */
    static String note(List<SideBySide.Run> runs) {
        StringBuilder note = new StringBuilder("- kafka-counts, whole run (the warm-up included, as each run times itself) "
                + "and the time until the timed span began, medians:");
        for (String system : List.of("weir", "flink", "kafka-streams")) {
            note.append(String.format(Locale.ROOT, " %s %,.0f records/s, %.1f s;", system,
                    SideBySide.median(runs, system, "whole_run_rps"), SideBySide.median(runs, system, "warmup_s")));
        }
        return note.substring(0, note.length() - 1) + ".";
    }

    /** Reads one output topic read_committed from the beginning and feeds every poll to a {@link SteadyRate}. */
    private static final class Observer extends Thread {
        private final KafkaConsumer<byte[], byte[]> consumer;
        final SteadyRate rate;
        private volatile long stopAt = Long.MAX_VALUE;
        private volatile long expected = Long.MAX_VALUE;
        volatile Exception failure;
        /** When the observer started reading, just before the child JVM was started. */
        final long startNanos = System.nanoTime();

        Observer(String servers, String topic, long warmup) {
            super("committed-output-observer-" + topic);
            setDaemon(true);
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            partitions.forEach(consumer::position); // resolve the offsets before the run starts
            rate = new SteadyRate(warmup);
        }

        @Override
        public void run() {
            try (consumer) {
                while (rate.records() < expected && System.nanoTime() < stopAt) {
                    int count = consumer.poll(POLL).count();
                    rate.poll(System.nanoTime(), count);
                }
            } catch (Exception e) {
                failure = e;
            }
        }

        /** The run has ended: reads on until {@code records} were seen, for at most 30 s more, then stops. */
        void finish(long records) throws InterruptedException {
            expected = records;
            stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            join();
        }
    }
}
