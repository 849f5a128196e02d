package dev.weir.examples;

import dev.weir.kafka.broker.KafkaTestClients;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads what the counts job committed (non-hidden files, or the {@code read_committed} records of
 * a Kafka topic) and checks it exactly with {@link CountsCheck}: every seq 0..records-1 once, and
 * for each key k the counts 1..n(k) once each.
 */
final class CommittedOutput {
    private CommittedOutput() {
    }

    /** The problems found in the committed files of {@code dir} (empty when the output is exactly right). */
    static List<String> check(Path dir, long records, long keys) throws IOException {
        return CountsCheck.problemsInFiles(dir, records, keys);
    }

    /**
     * The problems found in what a {@code read_committed} consumer sees in {@code topic} (waits
     * until no transaction is open there first): the values are the lines, and the key of each
     * record must be the line's key.
     */
    static List<String> checkTopic(String bootstrapServers, String topic, long records, long keys) {
        List<String> lines = new ArrayList<>();
        List<String> wrongKeys = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : KafkaTestClients.readCommitted(bootstrapServers, topic)) {
            String line = record.value() == null ? "(null)" : new String(record.value(), StandardCharsets.UTF_8);
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            if (!line.startsWith(key + ",") && wrongKeys.size() < 5) {
                wrongKeys.add("record key " + key + " does not match its line at partition " + record.partition()
                        + " offset " + record.offset() + ": " + line);
            }
            lines.add(line);
        }
        List<String> problems = new ArrayList<>(wrongKeys);
        problems.addAll(CountsCheck.problems(lines, records, keys));
        return problems;
    }

    static long hiddenFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".")).count();
        }
    }
}
