package dev.weir.examples;

import dev.weir.kafka.broker.KafkaTestClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads what the counts job committed (non-hidden files, or the {@code read_committed} records of
 * a Kafka topic) and checks it exactly: every seq 0..records-1 once, and for each key k the counts
 * 1..n(k) once each, where n(k) is the number of seqs with {@code seq % keys == k}.
 */
final class CommittedOutput {
    private CommittedOutput() {
    }

    /** The problems found in the committed files of {@code dir} (empty when the output is exactly right), at most a few of each kind. */
    static List<String> check(Path dir, long records, long keys) throws IOException {
        Checker checker = new Checker(records, keys);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList()) {
                try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        checker.accept(line, "file " + file.getFileName());
                    }
                }
            }
        }
        return checker.problems();
    }

    /**
     * The problems found in what a {@code read_committed} consumer sees in {@code topic} (waits
     * until no transaction is open there first): the values are the lines, the key of each record
     * must be the line's key.
     */
    static List<String> checkTopic(String bootstrapServers, String topic, long records, long keys) {
        Checker checker = new Checker(records, keys);
        for (ConsumerRecord<byte[], byte[]> record : KafkaTestClients.readCommitted(bootstrapServers, topic)) {
            String where = "partition " + record.partition() + " offset " + record.offset();
            String line = record.value() == null ? "(null)" : new String(record.value(), StandardCharsets.UTF_8);
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            if (!line.startsWith(key + ",")) {
                checker.add("record key " + key + " does not match its line at " + where + ": " + line);
            }
            checker.accept(line, where);
        }
        return checker.problems();
    }

    /** Checks the lines {@code key,count,seq} of one output, wherever they come from. */
    private static final class Checker {
        private final long records;
        private final long keys;
        private final List<String> problems = new ArrayList<>();
        private final BitSet seen;
        private final BitSet[] countsSeen;
        private long lines;

        Checker(long records, long keys) {
            this.records = records;
            this.keys = keys;
            this.seen = new BitSet((int) records);
            this.countsSeen = new BitSet[(int) keys];
            for (int k = 0; k < keys; k++) {
                countsSeen[k] = new BitSet();
            }
        }

        void accept(String line, String where) {
            lines++;
            String[] f = line.split(",");
            if (f.length != 3) {
                add("malformed line in " + where + ": " + line);
                return;
            }
            long key;
            int count;
            int seq;
            try {
                key = Long.parseLong(f[0]);
                count = Integer.parseInt(f[1]);
                seq = Integer.parseInt(f[2]);
            } catch (NumberFormatException e) {
                add("malformed line in " + where + ": " + line);
                return;
            }
            if (seq < 0 || seq >= records || seq % keys != key || count < 1) {
                add("impossible line in " + where + ": " + line);
                return;
            }
            if (seen.get(seq)) {
                add("seq " + seq + " committed twice (" + where + ")");
            }
            seen.set(seq);
            if (countsSeen[(int) key].get(count)) {
                add("key " + key + " count " + count + " committed twice");
            }
            countsSeen[(int) key].set(count);
        }

        List<String> problems() {
            int missing = (int) records - seen.cardinality();
            if (missing > 0) {
                problems.add(missing + " seqs missing, first " + seen.nextClearBit(0));
            }
            for (int k = 0; k < keys; k++) {
                long n = records / keys + (k < records % keys ? 1 : 0);
                if (countsSeen[k].cardinality() != n || (n > 0 && countsSeen[k].nextClearBit(1) != n + 1)) {
                    add("key " + k + " has counts " + countsSeen[k].cardinality() + " of 1.." + n);
                }
            }
            if (lines != records && problems.isEmpty()) {
                problems.add(lines + " lines for " + records + " records");
            }
            return problems;
        }

        void add(String problem) {
            if (problems.size() < 20) {
                problems.add(problem);
            }
        }
    }

    static long hiddenFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".")).count();
        }
    }
}
