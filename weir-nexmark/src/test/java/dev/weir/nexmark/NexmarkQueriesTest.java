package dev.weir.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.examples.JobCommandLine;
import dev.weir.nexmark.model.Event;
import dev.weir.nexmark.model.EventJson;
import dev.weir.nexmark.model.GeneratorConfig;
import dev.weir.nexmark.model.NexmarkGenerator;
import dev.weir.nexmark.model.NexmarkReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each query run by {@code weir run nexmark} (the {@link Nexmark} command, parallelism 2, checkpoints,
 * the exactly-once file sink) over a small generated event file, its committed CSV rows compared with
 * {@link NexmarkReference}'s.
 */
class NexmarkQueriesTest {
    /** 200 events per second of event time: 30,000 events span 150 s, many windows and sessions. */
    private static final GeneratorConfig CONFIG = GeneratorConfig.defaults().withSeed(5).withEventsPerSecond(200);
    private static final int EVENTS = 30_000;

    @TempDir
    static Path dir;
    private static Path eventFile;
    private static List<Event> events;

    @BeforeAll
    static void writeEvents() throws IOException {
        eventFile = dir.resolve("events.json");
        assertEquals(0, JobCommandLine.create(new Nexmark()).execute("--events", String.valueOf(EVENTS),
                "--seed", "5", "--event-rate", "200", "--write-events", eventFile.toString()));
        events = EventJson.readAll(eventFile);
        assertEquals(new NexmarkGenerator(CONFIG).events(EVENTS), events);
    }

    @Test
    void q0PassesEveryBidThrough() throws IOException {
        assertRows(NexmarkReference.q0(events), run("q0"));
    }

    @Test
    void q1ConvertsEveryPriceToEuros() throws IOException {
        assertRows(NexmarkReference.q1(events), run("q1"));
    }

    @Test
    void q2SelectsTheBidsOnEvery123rdAuction() throws IOException {
        List<String> expected = NexmarkReference.q2(events);
        assertTrue(expected.size() > 10, "too few bids selected to test: " + expected.size());
        assertRows(expected, run("q2"));
    }

    @Test
    void q3JoinsCategoryTenAuctionsWithTheirLocalSellers() throws IOException {
        List<String> expected = NexmarkReference.q3(events);
        assertTrue(expected.size() > 20, "too few joined auctions to test: " + expected.size());
        assertRows(expected, run("q3"));
    }

    @Test
    void q8FindsThePersonsWhoOpenedAnAuctionInTheTenSecondWindowTheyJoinedIn() throws IOException {
        List<String> expected = NexmarkReference.q8(events);
        assertTrue(expected.size() > 20, "too few new sellers to test: " + expected.size());
        assertRows(expected, run("q8"));
    }

    @Test
    void theJoinsQ3Q4Q6AndQ8OnRocksDbGiveTheReferenceRowsToo() throws IOException {
        assertRows(NexmarkReference.q3(events), run("q3", "--state", "rocksdb"));
        assertRows(NexmarkReference.q8(events), run("q8", "--state", "rocksdb"));
        List<String> q4 = run("q4", "--state", "rocksdb");
        assertEquals(NexmarkReference.q4WinningPrices(events).values().stream().mapToInt(List::size).sum(), q4.size());
        assertTrue(q4.containsAll(NexmarkReference.q4(events)), q4::toString);
        assertRows(NexmarkReference.q6(events), run("q6", "--state", "rocksdb"));
    }

    @Test
    void q4EmitsARunningAverageOfEachCategoryEndingInTheSqlsFinalValue() throws IOException {
        Map<Long, List<Long>> winning = NexmarkReference.q4WinningPrices(events);
        assertTrue(winning.values().stream().mapToInt(List::size).sum() > 50, "too few closed auctions: " + winning);
        Map<Long, List<String>> rowsByCategory = new TreeMap<>();
        for (String row : run("q4")) {
            rowsByCategory.computeIfAbsent(Long.parseLong(row.split(",")[0]), c -> new ArrayList<>()).add(row);
        }
        assertEquals(winning.keySet(), rowsByCategory.keySet());
        winning.forEach((category, prices) -> assertEquals(prices.size(), rowsByCategory.get(category).size(),
                "one row per closed auction of category " + category));
        for (String last : NexmarkReference.q4(events)) {
            long category = Long.parseLong(last.split(",")[0]);
            assertTrue(rowsByCategory.get(category).contains(last), last + " among " + rowsByCategory.get(category));
        }
    }

    @Test
    void q6AveragesEachSellersLastElevenWinningPricesAtEachClose() throws IOException {
        List<String> expected = NexmarkReference.q6(events);
        assertTrue(expected.size() > 50, "too few closed auctions to test: " + expected.size());
        assertRows(expected, run("q6"));
    }

    @Test
    void q5FindsTheAuctionsWithTheMostBidsPerSlidingWindow() throws IOException {
        assertRows(NexmarkReference.q5(events), run("q5"));
    }

    @Test
    void q7FindsTheHighestBidsPerTumblingWindow() throws IOException {
        assertRows(NexmarkReference.q7(events), run("q7"));
    }

    @Test
    void q7AndQ5OnRocksDbGiveTheReferenceRowsToo() throws IOException {
        assertRows(NexmarkReference.q7(events), run("q7", "--state", "rocksdb"));
        assertRows(NexmarkReference.q5(events), run("q5", "--state", "rocksdb"));
    }

    @Test
    void q11CountsTheBidsOfEachBidderSession() throws IOException {
        List<String> expected = NexmarkReference.q11(events);
        assertTrue(expected.size() > 100, "too few sessions to test: " + expected.size());
        assertRows(expected, run("q11"));
    }

    @Test
    void q12CountsAddUpToEachBiddersBidsInAlignedTenSecondWindows() throws IOException {
        Map<Long, Long> perBidder = new TreeMap<>();
        for (String row : run("q12")) {
            String[] f = row.split(",");
            long start = Long.parseLong(f[2]);
            long end = Long.parseLong(f[3]);
            assertEquals(0, start % 10_000, row);
            assertEquals(10_000, end - start, row);
            perBidder.merge(Long.parseLong(f[0]), Long.parseLong(f[1]), Long::sum);
        }
        assertEquals(NexmarkReference.bidsPerBidder(events), perBidder);
    }

    @Test
    void generatedEventsGiveTheSameRowsAsTheirFile() throws IOException {
        Path output = dir.resolve("generated-q5");
        assertEquals(0, JobCommandLine.create(new Nexmark()).execute("--query", "q5", "--events",
                String.valueOf(EVENTS), "--seed", "5", "--event-rate", "200", "--parallelism", "3",
                "--checkpoint-interval", "50ms", "--progress-interval", "0", "--output", output.toString()));
        assertRows(NexmarkReference.q5(events), committedLines(output));
    }

    /** Runs a query over the event file at parallelism 2 (and these options) and returns the committed rows. */
    private static List<String> run(String query, String... options) throws IOException {
        Path output = dir.resolve("out-" + query + String.join("", options));
        List<String> args = new ArrayList<>(List.of("--query", query, "--events", eventFile.toString(),
                "--parallelism", "2", "--checkpoint-interval", "50ms", "--progress-interval", "0",
                "--output", output.toString()));
        args.addAll(List.of(options));
        assertEquals(0, JobCommandLine.create(new Nexmark()).execute(args.toArray(String[]::new)));
        return committedLines(output);
    }

    private static void assertRows(List<String> expected, List<String> actual) {
        List<String> e = new ArrayList<>(expected);
        List<String> a = new ArrayList<>(actual);
        e.sort(null);
        a.sort(null);
        assertTrue(!e.isEmpty(), "the reference has no rows");
        assertEquals(e.size(), a.size(), "rows");
        assertEquals(e, a);
    }

    static List<String> committedLines(Path output) throws IOException {
        try (Stream<Path> files = Files.list(output)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
