package dev.weir.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads what the counts job committed (non-hidden files) and checks it exactly: every seq
 * 0..records-1 once, and for each key k the counts 1..n(k) once each, where n(k) is the number
 * of seqs with {@code seq % keys == k}.
 */
final class CommittedOutput {
    private CommittedOutput() {
    }

    /** The problems found (empty when the output is exactly right), at most a few of each kind. */
    static List<String> check(Path dir, long records, long keys) throws IOException {
        List<String> problems = new ArrayList<>();
        BitSet seen = new BitSet((int) records);
        BitSet[] countsSeen = new BitSet[(int) keys];
        for (int k = 0; k < keys; k++) {
            countsSeen[k] = new BitSet();
        }
        long lines = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList()) {
                try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        lines++;
                        String[] f = line.split(",");
                        if (f.length != 3) {
                            add(problems, "malformed line in " + file + ": " + line);
                            continue;
                        }
                        long key = Long.parseLong(f[0]);
                        int count = Integer.parseInt(f[1]);
                        int seq = Integer.parseInt(f[2]);
                        if (seq < 0 || seq >= records || seq % keys != key) {
                            add(problems, "impossible line in " + file + ": " + line);
                            continue;
                        }
                        if (seen.get(seq)) {
                            add(problems, "seq " + seq + " committed twice (file " + file.getFileName() + ")");
                        }
                        seen.set(seq);
                        if (countsSeen[(int) key].get(count)) {
                            add(problems, "key " + key + " count " + count + " committed twice");
                        }
                        countsSeen[(int) key].set(count);
                    }
                }
            }
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
        if (lines != records && problems.isEmpty()) {
            problems.add(lines + " lines for " + records + " records");
        }
        return problems;
    }

    private static void add(List<String> problems, String problem) {
        if (problems.size() < 20) {
            problems.add(problem);
        }
    }

    static long hiddenFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".")).count();
        }
    }
}
