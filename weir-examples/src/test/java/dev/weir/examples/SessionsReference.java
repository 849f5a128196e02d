package dev.weir.examples;

import dev.weir.examples.ClickGenerator.Click;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What the sessions job must commit, computed here with plain loops from the generated clicks (no
 * engine, nothing of the job but its input), and the check of its committed files against it.
 *
 * <p>Which of the clicks generated as late ({@link ClickGenerator#isLate}) the job finds late depends
 * on when watermarks reach the window operator (none has arrived yet right after a start or a
 * restore). So the reference takes the committed late clicks as given and checks that they are
 * clicks generated as late, each once; every other click must be in exactly one committed session,
 * and the sessions must be exactly those of these clicks. The clicks generated as late lie more than
 * a gap before every other click and more than a gap apart for a user, so one that the job did not
 * find late is a session of its own, and nothing else depends on the timing.
 */
final class SessionsReference {
    /** The session gap, in ms: a session ends after this much event time without a click of its user. */
    static final long GAP = 5_000;

    private SessionsReference() {
    }

    /**
     * The problems found in the committed files of {@code sessionsDir} and {@code lateDir} for a run of
     * {@code clicks} clicks of {@code users} users (empty when the output is exactly right).
     */
    static List<String> problems(Path sessionsDir, Path lateDir, long clicks, long users) throws IOException {
        List<String> problems = new ArrayList<>();
        Set<Long> lateSeqs = new HashSet<>();
        for (String line : committedLines(lateDir)) {
            String[] fields = line.split(",");
            long seq = Long.parseLong(fields[2]);
            if (seq < 0 || seq >= clicks || !ClickGenerator.isLate(seq)) {
                problems.add("late output holds a click that was not generated as late: " + line);
            } else if (!line.equals(ClickGenerator.click(seq, users).toString())) {
                problems.add("late output holds a changed click: " + line + " (generated: "
                        + ClickGenerator.click(seq, users) + ")");
            } else if (!lateSeqs.add(seq)) {
                problems.add("late output holds click " + seq + " twice");
            }
        }
        Map<Long, List<Long>> timestampsByUser = new HashMap<>();
        for (long seq = 0; seq < clicks; seq++) {
            if (!lateSeqs.contains(seq)) {
                Click click = ClickGenerator.click(seq, users);
                timestampsByUser.computeIfAbsent(click.user(), u -> new ArrayList<>()).add(click.timestamp());
            }
        }
        Map<String, Integer> expected = counted(sessions(timestampsByUser));
        Map<String, Integer> committed = counted(committedLines(sessionsDir));
        differences("session", expected, committed, problems);
        return problems;
    }

    /** Lines {@code user,start,end,clicks}: per user, clicks less than a gap apart form one session. */
    static List<String> sessions(Map<Long, List<Long>> timestampsByUser) {
        List<String> sessions = new ArrayList<>();
        timestampsByUser.forEach((user, timestamps) -> {
            List<Long> sorted = timestamps.stream().sorted().toList();
            long start = sorted.get(0);
            long last = start;
            long count = 0;
            for (long timestamp : sorted) {
                if (timestamp > last + GAP) { // windows [t, t + gap) that do not even touch
                    sessions.add(user + "," + start + "," + (last + GAP) + "," + count);
                    start = timestamp;
                    count = 0;
                }
                last = timestamp;
                count++;
            }
            sessions.add(user + "," + start + "," + (last + GAP) + "," + count);
        });
        return sessions;
    }

    /** The lines of the committed (not hidden) files of a file sink's directory. */
    static List<String> committedLines(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    private static Map<String, Integer> counted(List<String> lines) {
        Map<String, Integer> counts = new TreeMap<>();
        lines.forEach(line -> counts.merge(line, 1, Integer::sum));
        return counts;
    }

    private static void differences(String what, Map<String, Integer> expected, Map<String, Integer> actual,
                                    List<String> problems) {
        int shown = 0;
        int differing = 0;
        Set<String> lines = new TreeSet<>(expected.keySet());
        lines.addAll(actual.keySet());
        for (String line : lines) {
            int want = expected.getOrDefault(line, 0);
            int got = actual.getOrDefault(line, 0);
            if (want != got) {
                differing++;
                if (shown++ < 10) {
                    problems.add(what + " " + line + ": expected " + want + " time(s), committed " + got);
                }
            }
        }
        if (differing > shown) {
            problems.add((differing - shown) + " more " + what + " lines differ");
        }
    }
}
