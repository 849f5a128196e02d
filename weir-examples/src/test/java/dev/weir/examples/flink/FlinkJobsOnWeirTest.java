package dev.weir.examples.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.JobExecutionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Weir ports of the Flink jobs (the same code as their Flink originals but for the
 * imports, see {@link PortsDifferOnlyInImportsTest}) through their {@code main} with the arguments
 * a Flink user passes, and compares the committed output exactly (as a multiset of lines) with the
 * expected output, which {@link ExpectedOutput} computes from the input independently of any engine
 * and which weir-bench-flink compares Flink's output of the originals with.
 */
class FlinkJobsOnWeirTest {
    @TempDir
    Path dir;

    @Test
    void wordCount_writesTheRunningCountOfEveryWord() throws Exception {
        Path output = dir.resolve("out");
        WordCount.main(arguments(input("word-count-input.txt"), output, checkpoints()));

        assertEquals(expected("word-count-expected.txt", ExpectedOutput::wordCount, "word-count-input.txt"),
                committed(output));
    }

    @Test
    void fraudDetection_alertsOnALargeTransactionAfterASmallOne_andSidesOutEveryLargeOne() throws Exception {
        Path alerts = dir.resolve("alerts");
        Path large = dir.resolve("large");
        FraudDetection.main(arguments(input("fraud-detection-input.txt"), alerts, large, checkpoints()));

        assertEquals(expected("fraud-detection-alerts-expected.txt", ExpectedOutput::fraudAlerts,
                "fraud-detection-input.txt"), committed(alerts));
        assertEquals(expected("fraud-detection-large-expected.txt", ExpectedOutput::largeTransactions,
                "fraud-detection-input.txt"), committed(large));
    }

    @Test
    void accountStatistics_writesBalanceAndAverageAfterEveryTransfer() throws Exception {
        Path output = dir.resolve("out");
        AccountStatistics.main(arguments(input("account-statistics-input.txt"), output, checkpoints()));

        assertEquals(expected("account-statistics-expected.txt", ExpectedOutput::accountStatistics,
                "account-statistics-input.txt"), committed(output));
    }

    @Test
    void accountStatistics_failsOnAMalformedLineAfterItsTwoRestarts_namingTheLineAndSubtask() throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), "acct-1,100\nacct-1 200\n");

        JobExecutionException failure = assertThrows(JobExecutionException.class,
                () -> AccountStatistics.main(arguments(input, dir.resolve("out"), checkpoints())));

        String causes = causes(failure);
        assertTrue(causes.contains("the line 'acct-1 200' is not account,amount"), causes);
        assertTrue(causes.matches("(?s).*subtask \\d of \\d.*"), causes);
        assertEquals(2, failure.getJobResult().restarts(), "the restart strategy set in the job's Configuration");
    }

    @Test
    void pageViewsPerMinute_countsEachMinuteInEventTime_andSidesOutTheLateViews() throws Exception {
        Path counts = dir.resolve("counts");
        Path late = dir.resolve("late");
        PageViewsPerMinute.main(arguments(input("page-views-input.txt"), counts, late, checkpoints()));

        assertEquals(expected("page-views-per-minute-expected.txt", ExpectedOutput::pageViewsPerMinute,
                "page-views-input.txt"), committed(counts));
        assertEquals(expected("page-views-late-expected.txt", ExpectedOutput::latePageViews,
                "page-views-input.txt"), committed(late));
    }

    @Test
    void orderDeduplication_dropsResentOrdersUntilTheEventTimeTimerForgetsTheId() throws Exception {
        Path output = dir.resolve("out");
        OrderDeduplication.main(arguments(input("order-deduplication-input.txt"), output, checkpoints()));

        assertEquals(expected("order-deduplication-expected.txt", ExpectedOutput::deduplicatedOrders,
                "order-deduplication-input.txt"), committed(output));
    }

    @Test
    void orderEnrichment_writesEveryOrderWithItsCustomersName_whicheverOfTheTwoInputsCameFirst() throws Exception {
        Path output = dir.resolve("out");
        OrderEnrichment.main(arguments(input("order-enrichment-orders.txt"), input("order-enrichment-customers.txt"),
                output, checkpoints()));

        List<String> expected = ExpectedOutput.read("order-enrichment-expected.txt").stream().sorted().toList();
        assertEquals(ExpectedOutput.enrichedOrders(ExpectedOutput.read("order-enrichment-orders.txt"),
                ExpectedOutput.read("order-enrichment-customers.txt")).stream().sorted().toList(), expected,
                "order-enrichment-expected.txt is not what ExpectedOutput computes (run ExpectedOutput.main to rewrite it)");
        assertEquals(expected, committed(output));
    }

    @Test
    void paymentRules_checksEveryPaymentAgainstEveryRuleBroadcastToEveryTask() throws Exception {
        Path output = dir.resolve("out");
        PaymentRules.main(arguments(input("payment-rules-payments.txt"), input("payment-rules-rules.txt"), output,
                checkpoints()));

        List<String> expected = ExpectedOutput.read("payment-rules-expected.txt").stream().sorted().toList();
        assertEquals(ExpectedOutput.paymentAlerts(ExpectedOutput.read("payment-rules-payments.txt"),
                ExpectedOutput.read("payment-rules-rules.txt")).stream().sorted().toList(), expected,
                "payment-rules-expected.txt is not what ExpectedOutput computes (run ExpectedOutput.main to rewrite it)");
        assertEquals(expected, committed(output));
    }

    @Test
    void clickAttribution_joinsEveryImpressionWithTheClicksInItsIntervalAndInItsMinute() throws Exception {
        Path attributed = dir.resolve("attributed");
        Path sameMinute = dir.resolve("same-minute");
        ClickAttribution.main(arguments(input("click-attribution-impressions.txt"),
                input("click-attribution-clicks.txt"), attributed, sameMinute, checkpoints()));

        assertEquals(expected("click-attribution-attributed-expected.txt", ExpectedOutput::attributedClicks,
                "click-attribution-impressions.txt", "click-attribution-clicks.txt"), committed(attributed));
        assertEquals(expected("click-attribution-same-minute-expected.txt", ExpectedOutput::sameMinutePairs,
                "click-attribution-impressions.txt", "click-attribution-clicks.txt"), committed(sameMinute));
    }

    @Test
    void deduplicateThenEnrich_writesTheFirstPaymentOfEachIdWithItsMerchantsName() throws Exception {
        Path output = dir.resolve("out");
        DeduplicateThenEnrich.main(arguments(input("dedup-enrich-payments.txt"), input("dedup-enrich-merchants.txt"),
                output, checkpoints()));

        assertEquals(expected("dedup-enrich-expected.txt", ExpectedOutput::deduplicatedEnrichedPayments,
                "dedup-enrich-payments.txt", "dedup-enrich-merchants.txt"), committed(output));
    }

    private static Path input(String name) {
        return ExpectedOutput.DATA.resolve(name);
    }

    /** Flink wants the checkpoint directory as a URI, so the jobs are given one on Weir as well. */
    private String checkpoints() {
        return dir.resolve("checkpoints").toUri().toString();
    }

    private static String[] arguments(Object... arguments) {
        return Stream.of(arguments).map(Object::toString).toArray(String[]::new);
    }

    /** The sorted expected lines, after checking that the shared file agrees with {@link ExpectedOutput}. */
    private static List<String> expected(String name, Function<List<String>, List<String>> computed, String input)
            throws IOException {
        List<String> lines = ExpectedOutput.read(name).stream().sorted().toList();
        assertEquals(computed.apply(ExpectedOutput.read(input)).stream().sorted().toList(), lines,
                ExpectedOutput.DATA.resolve(name) + " is not what ExpectedOutput computes from " + input
                        + " (run ExpectedOutput.main to rewrite it)");
        assertTrue(lines.size() > 10, name);
        return lines;
    }

    /** Like {@link #expected(String, Function, String)}, for a job of two inputs. */
    private static List<String> expected(String name, BiFunction<List<String>, List<String>, List<String>> computed,
            String first, String second) throws IOException {
        List<String> lines = ExpectedOutput.read(name).stream().sorted().toList();
        assertEquals(computed.apply(ExpectedOutput.read(first), ExpectedOutput.read(second)).stream().sorted().toList(),
                lines, ExpectedOutput.DATA.resolve(name) + " is not what ExpectedOutput computes from " + first + " and "
                        + second + " (run ExpectedOutput.main to rewrite it)");
        assertTrue(lines.size() > 10, name);
        return lines;
    }

    /** The sorted lines of the committed (not hidden) files of a FileSink directory. */
    static List<String> committed(Path output) throws IOException {
        try (Stream<Path> files = Files.walk(output)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .flatMap(f -> {
                        try {
                            return Files.readAllLines(f).stream();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sorted().toList();
        }
    }

    private static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }
}
