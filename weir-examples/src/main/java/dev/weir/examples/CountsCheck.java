package dev.weir.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks the output of {@link Counts} exactly, wherever it was committed (files, a Kafka topic):
 * every seq 0..records-1 once, and for each key k the counts 1..n(k) once each, where n(k) is the
 * number of seqs with {@code seq % keys == k}. Used by the tests and the benchmarks.
 */
public final class CountsCheck {
    private static final int MAX_PROBLEMS_LISTED = 20;

    private CountsCheck() {
    }

    /** The problems found in the lines {@code key,count,seq} (empty when exactly right). */
    public static List<String> problems(Iterable<String> lines, long records, long keys) {
        List<String> problems = new ArrayList<>();
        BitSet seen = new BitSet((int) records);
        BitSet[] countsSeen = new BitSet[(int) keys];
        for (int k = 0; k < keys; k++) {
            countsSeen[k] = new BitSet();
        }
        long count = 0;
        for (String line : lines) {
            count++;
            String[] f = line.split(",");
            if (f.length != 3) {
                add(problems, "malformed line: " + line);
                continue;
            }
            long key = Long.parseLong(f[0]);
            int n = Integer.parseInt(f[1]);
            int seq = Integer.parseInt(f[2]);
            if (seq < 0 || seq >= records || seq % keys != key) {
                add(problems, "impossible line: " + line);
                continue;
            }
            if (seen.get(seq)) {
                add(problems, "seq " + seq + " committed twice");
            }
            seen.set(seq);
            if (countsSeen[(int) key].get(n)) {
                add(problems, "key " + key + " count " + n + " committed twice");
            }
            countsSeen[(int) key].set(n);
        }
        int missing = (int) records - seen.cardinality();
        if (missing > 0) {
            problems.add(missing + " seqs missing, first " + seen.nextClearBit(0));
        }
        for (int k = 0; k < keys; k++) {
            long n = records / keys + (k < records % keys ? 1 : 0);
            if (countsSeen[k].cardinality() != n || (n > 0 && countsSeen[k].nextClearBit(1) != n + 1)) {
                add(problems, "key " + k + " has counts " + countsSeen[k].cardinality() + " of 1.." + n);
            }
        }
        if (count != records && problems.isEmpty()) {
            problems.add(count + " lines for " + records + " records");
        }
        return problems;
    }

    /** The problems found in the committed (non-hidden) files of a {@link dev.weir.connector.FileSink} directory. */
    public static List<String> problemsInFiles(Path dir, long records, long keys) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
        }
        try (Stream<String> lines = files.stream().flatMap(CountsCheck::lines)) {
            return problems(lines::iterator, records, keys);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.lines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void add(List<String> problems, String problem) {
        if (problems.size() < MAX_PROBLEMS_LISTED) {
            problems.add(problem);
        }
    }
}
