package dev.weir.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks the output of {@link Counts} exactly, wherever it was committed (files, a Kafka topic, a
 * database table): every seq 0..records-1 once, and for each key k the counts 1..n(k) once each,
 * where n(k) is the number of seqs with {@code seq % keys == k}. Used by the tests and the benchmarks.
 *
 * <p>Feed it the committed rows one by one ({@link #add(long, long, long)} or, for text,
 * {@link #addLine(String)}) in any order, then ask {@link #problems()}; or use the static methods
 * for lines and files. One instance per check, used by one thread.
 */
public final class CountsCheck {
    private static final int MAX_PROBLEMS_LISTED = 20;

    private final long records;
    private final long keys;
    private final List<String> problems = new ArrayList<>();
    private final BitSet seen;
    private final BitSet[] countsSeen;
    private long rows;

    /** A check of the output of a run over seq 0..records-1 with {@code keys} keys. */
    public CountsCheck(long records, long keys) {
        this.records = records;
        this.keys = keys;
        this.seen = new BitSet((int) records);
        this.countsSeen = new BitSet[(int) keys];
        for (int k = 0; k < keys; k++) {
            countsSeen[k] = new BitSet();
        }
    }

    /** One committed row {@code (key, count, seq)}. */
    public void add(long key, long count, long seq) {
        rows++;
        if (seq < 0 || seq >= records || key < 0 || key >= keys || seq % keys != key || count < 1 || count > records) {
            note("impossible row: " + key + "," + count + "," + seq);
            return;
        }
        if (seen.get((int) seq)) {
            note("seq " + seq + " committed twice");
        }
        seen.set((int) seq);
        if (countsSeen[(int) key].get((int) count)) {
            note("key " + key + " count " + count + " committed twice");
        }
        countsSeen[(int) key].set((int) count);
    }

    /** One committed line {@code key,count,seq}. */
    public void addLine(String line) {
        String[] f = line.split(",");
        try {
            if (f.length == 3) {
                add(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]));
                return;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        rows++;
        note("malformed line: " + line);
    }

    /** The problems found in the rows added so far (empty when exactly right). */
    public List<String> problems() {
        List<String> found = new ArrayList<>(problems);
        int missing = (int) records - seen.cardinality();
        if (missing > 0) {
            found.add(missing + " seqs missing, first " + seen.nextClearBit(0));
        }
        for (int k = 0; k < keys; k++) {
            long n = records / keys + (k < records % keys ? 1 : 0);
            if (countsSeen[k].cardinality() != n || (n > 0 && countsSeen[k].nextClearBit(1) != n + 1)) {
                if (found.size() < MAX_PROBLEMS_LISTED) {
                    found.add("key " + k + " has counts " + countsSeen[k].cardinality() + " of 1.." + n);
                }
            }
        }
        if (rows != records && found.isEmpty()) {
            found.add(rows + " lines for " + records + " records");
        }
        return found;
    }

    /** The problems found in the lines {@code key,count,seq} (empty when exactly right). */
    public static List<String> problems(Iterable<String> lines, long records, long keys) {
        CountsCheck check = new CountsCheck(records, keys);
        for (String line : lines) {
            check.addLine(line);
        }
        return check.problems();
    }

    /** The problems found in the committed (non-hidden) files of a {@link dev.weir.connector.file.FileSink} directory. */
    public static List<String> problemsInFiles(Path dir, long records, long keys) throws IOException {
        try (Stream<String> lines = LineFiles.committedLines(dir)) {
            return problems(lines::iterator, records, keys);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void note(String problem) {
        if (problems.size() < MAX_PROBLEMS_LISTED) {
            problems.add(problem);
        }
    }
}
