package dev.weir.bench.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that the Flink originals of weir-examples' Flink-style jobs ({@code
 * weir-examples/src/test/resources/flink-originals/*.java}, which weir-examples ports to Weir by
 * changing their imports only) are genuine Apache Flink 2.3 jobs: they compile against this
 * module's classpath (Flink 2.3 and flink-connector-kafka), and the jobs that need no Kafka broker
 * run on Flink (a MiniCluster in this JVM, started by their {@code main}) and write exactly the
 * expected output that the Weir ports are checked against ({@code flink-originals/data/}).
 */
class FlinkOriginalsTest {
    private static final Path ORIGINALS = Path.of(System.getProperty("flink.originals",
            "../weir-examples/src/test/resources/flink-originals"));
    private static final Path CLASSES = Path.of(System.getProperty("flink.originals.classes",
            "target/test-classes"));
    private static final Path DATA = ORIGINALS.resolve("data");

    @TempDir
    Path dir;

    /** Compiles every original into the test classes directory (on the classpath); fails with javac's messages. */
    @BeforeAll
    static void compileTheOriginalsAgainstFlink() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.list(ORIGINALS)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        assertEquals(List.of("AccountStatistics.java", "ClickAttribution.java", "DeduplicateThenEnrich.java",
                        "FraudDetection.java", "KafkaUppercase.java",
                        "OrderDeduplication.java", "OrderEnrichment.java", "PageViewsPerMinute.java", "PaymentRules.java",
                        "WordCount.java"),
                sources.stream().map(f -> f.getFileName().toString()).toList(), "the originals in " + ORIGINALS);
        Files.createDirectories(CLASSES);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter output = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            boolean compiled = javac.getTask(output, files, diagnostics,
                    List.of("--release", "17", "-Xlint:all", "-classpath", testClasspath(), "-d", CLASSES.toString()),
                    null, files.getJavaFileObjectsFromPaths(sources)).call();
            assertTrue(compiled, () -> "the Flink originals do not compile against Flink 2.3:\n" + output
                    + String.join("\n", diagnostics.getDiagnostics().stream().map(Object::toString).toList()));
        }
    }

    /** The classpath this test runs with (surefire puts it in a property; java.class.path may be a manifest jar). */
    private static String testClasspath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    @Test
    void theKafkaJobCompilesAgainstFlinksKafkaConnector() throws Exception {
        Class<?> job = Class.forName("dev.weir.examples.flink.KafkaUppercase");
        assertEquals(void.class, job.getMethod("main", String[].class).getReturnType());
    }

    @Test
    void wordCountOnFlink_writesTheRunningCountOfEveryWord() throws Exception {
        Path output = dir.resolve("out");
        runMain("WordCount", DATA.resolve("word-count-input.txt"), output, checkpoints());

        assertEquals(expected("word-count-expected.txt"), committed(output));
    }

    @Test
    void fraudDetectionOnFlink_alertsOnALargeTransactionAfterASmallOne_andSidesOutEveryLargeOne() throws Exception {
        Path alerts = dir.resolve("alerts");
        Path large = dir.resolve("large");
        runMain("FraudDetection", DATA.resolve("fraud-detection-input.txt"), alerts, large, checkpoints());

        assertEquals(expected("fraud-detection-alerts-expected.txt"), committed(alerts));
        assertEquals(expected("fraud-detection-large-expected.txt"), committed(large));
    }

    @Test
    void accountStatisticsOnFlink_writesBalanceAndAverageAfterEveryTransfer() throws Exception {
        Path output = dir.resolve("out");
        runMain("AccountStatistics", DATA.resolve("account-statistics-input.txt"), output, checkpoints());

        assertEquals(expected("account-statistics-expected.txt"), committed(output));
    }

    @Test
    void accountStatisticsOnFlink_failsOnAMalformedLineAfterItsTwoRestarts_namingTheLineAndSubtask() throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), "acct-1,100\nacct-1 200\n");

        Exception failure = assertThrows(Exception.class, () -> runMain("AccountStatistics", input, dir.resolve("out"),
                checkpoints()));

        String causes = causes(failure);
        assertTrue(causes.contains("the line 'acct-1 200' is not account,amount"), causes);
        assertTrue(causes.matches("(?s).*subtask \\d of \\d.*"), causes);
        assertTrue(causes.contains("maxNumberRestartAttempts=2"), causes);
    }

    @Test
    void pageViewsPerMinuteOnFlink_countsEachMinuteInEventTime_andSidesOutTheLateViews() throws Exception {
        Path counts = dir.resolve("counts");
        Path late = dir.resolve("late");
        runMain("PageViewsPerMinute", DATA.resolve("page-views-input.txt"), counts, late, checkpoints());

        assertEquals(expected("page-views-per-minute-expected.txt"), committed(counts));
        assertEquals(expected("page-views-late-expected.txt"), committed(late));
    }

    @Test
    void orderDeduplicationOnFlink_dropsResentOrdersUntilTheEventTimeTimerForgetsTheId() throws Exception {
        Path output = dir.resolve("out");
        runMain("OrderDeduplication", DATA.resolve("order-deduplication-input.txt"), output, checkpoints());

        assertEquals(expected("order-deduplication-expected.txt"), committed(output));
    }

    @Test
    void orderEnrichmentOnFlink_writesEveryOrderWithItsCustomersName_whicheverOfTheTwoInputsCameFirst()
            throws Exception {
        Path output = dir.resolve("out");
        runMain("OrderEnrichment", DATA.resolve("order-enrichment-orders.txt"),
                DATA.resolve("order-enrichment-customers.txt"), output, checkpoints());

        assertEquals(expected("order-enrichment-expected.txt"), committed(output));
    }

    @Test
    void paymentRulesOnFlink_checksEveryPaymentAgainstEveryRuleBroadcastToEveryTask() throws Exception {
        Path output = dir.resolve("out");
        runMain("PaymentRules", DATA.resolve("payment-rules-payments.txt"), DATA.resolve("payment-rules-rules.txt"),
                output, checkpoints());

        assertEquals(expected("payment-rules-expected.txt"), committed(output));
    }

    @Test
    void clickAttributionOnFlink_joinsEveryImpressionWithTheClicksInItsIntervalAndInItsMinute() throws Exception {
        Path attributed = dir.resolve("attributed");
        Path sameMinute = dir.resolve("same-minute");
        runMain("ClickAttribution", DATA.resolve("click-attribution-impressions.txt"),
                DATA.resolve("click-attribution-clicks.txt"), attributed, sameMinute, checkpoints());

        assertEquals(expected("click-attribution-attributed-expected.txt"), committed(attributed));
        assertEquals(expected("click-attribution-same-minute-expected.txt"), committed(sameMinute));
    }

    @Test
    void deduplicateThenEnrichOnFlink_writesTheFirstPaymentOfEachIdWithItsMerchantsName() throws Exception {
        Path output = dir.resolve("out");
        runMain("DeduplicateThenEnrich", DATA.resolve("dedup-enrich-payments.txt"),
                DATA.resolve("dedup-enrich-merchants.txt"), output, checkpoints());

        assertEquals(expected("dedup-enrich-expected.txt"), committed(output));
    }

    /** Flink wants the checkpoint directory as a URI. */
    private URI checkpoints() {
        return dir.resolve("checkpoints").toUri();
    }

    /** Runs a compiled original's {@code main} with the given paths and URIs as its arguments; rethrows what it threw. */
    private static void runMain(String job, Object... arguments) throws Exception {
        Method main = Class.forName("dev.weir.examples.flink." + job).getMethod("main", String[].class);
        String[] args = Stream.of(arguments).map(Object::toString).toArray(String[]::new);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    private static List<String> expected(String name) throws IOException {
        List<String> lines = Files.readAllLines(DATA.resolve(name)).stream().sorted().toList();
        assertFalse(lines.isEmpty(), name);
        return lines;
    }

    /** The sorted lines of the committed part files of a FileSink directory. */
    private static List<String> committed(Path output) throws IOException {
        try (Stream<String> lines = CountsJob.committedLines(output)) {
            return lines.sorted().toList();
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
