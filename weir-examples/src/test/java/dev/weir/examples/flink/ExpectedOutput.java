package dev.weir.examples.flink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the Flink-style jobs must write for a given input, computed here with plain loops (no
 * engine, no code shared with the jobs), one line per output record.
 *
 * <p>The inputs and expected outputs in {@code src/test/resources/flink-originals/data/} are shared
 * with {@code weir-bench-flink}, which runs the Flink originals on Apache Flink and compares their
 * output with the same files. Running {@link #main} rewrites the expected files from the inputs;
 * {@code FlinkJobsOnWeirTest} checks that they agree with these methods.
 */
public final class ExpectedOutput {
    static final Path DATA = Path.of("src/test/resources/flink-originals/data");
    /** The out-of-orderness bound of the event-time jobs' watermarks. */
    private static final long TEN_SECONDS = 10_000;

    private ExpectedOutput() {
    }

    /** WordCount: {@code word,n} for the n-th occurrence of every lower-case word. */
    public static List<String> wordCount(List<String> input) {
        Map<String, Integer> counts = new HashMap<>();
        List<String> lines = new ArrayList<>();
        for (String line : input) {
            for (String word : line.toLowerCase(Locale.ROOT).split("[^a-z0-9_]+")) {
                if (!word.isEmpty()) {
                    lines.add(word + "," + counts.merge(word, 1, Integer::sum));
                }
            }
        }
        return lines;
    }

    /** FraudDetection alerts: {@code alert,account,amount} for a large amount right after a small one. */
    public static List<String> fraudAlerts(List<String> input) {
        Map<Long, Boolean> smallBefore = new HashMap<>();
        List<String> alerts = new ArrayList<>();
        for (String line : input) {
            long account = Long.parseLong(line.split(",")[0]);
            double amount = Double.parseDouble(line.split(",")[1]);
            if (smallBefore.getOrDefault(account, false) && amount > 500.00) {
                alerts.add("alert," + account + "," + amount);
            }
            smallBefore.put(account, amount < 1.00);
        }
        return alerts;
    }

    /** FraudDetection side output: {@code account,amount} of every amount over 500.00. */
    public static List<String> largeTransactions(List<String> input) {
        List<String> large = new ArrayList<>();
        for (String line : input) {
            double amount = Double.parseDouble(line.split(",")[1]);
            if (amount > 500.00) {
                large.add(Long.parseLong(line.split(",")[0]) + "," + amount);
            }
        }
        return large;
    }

    /** AccountStatistics: {@code account,balance,average} after each transfer of the account. */
    public static List<String> accountStatistics(List<String> input) {
        Map<String, long[]> sumAndCount = new HashMap<>();
        List<String> lines = new ArrayList<>();
        for (String line : input) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String account = line.split(",")[0];
            long[] totals = sumAndCount.computeIfAbsent(account, a -> new long[2]);
            totals[0] += Long.parseLong(line.split(",")[1]);
            totals[1]++;
            lines.add(account + "," + totals[0] + "," + (double) totals[0] / totals[1]);
        }
        return lines;
    }

    /**
     * PageViewsPerMinute: {@code page,minute,views} for each page and minute of event time, counting the
     * views that were not late. The watermark after each view is the largest timestamp so far minus
     * the bound minus 1; a view is late when the last millisecond of its minute is at or below the
     * watermark left by the views before it.
     */
    public static List<String> pageViewsPerMinute(List<String> input) {
        Map<String, Long> counts = new TreeMap<>();
        for (String[] view : pageViews(input)) {
            if (!late(view)) {
                counts.merge(view[0] + "," + Instant.ofEpochMilli(minuteStart(Long.parseLong(view[1]))), 1L, Long::sum);
            }
        }
        List<String> lines = new ArrayList<>();
        counts.forEach((pageAndMinute, views) -> lines.add(pageAndMinute + "," + views));
        return lines;
    }

    /** PageViewsPerMinute's side output: {@code page,epochMillis,user} of every late view. */
    public static List<String> latePageViews(List<String> input) {
        List<String> late = new ArrayList<>();
        for (String[] view : pageViews(input)) {
            if (late(view)) {
                late.add(String.join(",", view[0], view[1], view[2]));
            }
        }
        return late;
    }

    /** The views with the watermark before each as a fourth field. */
    private static List<String[]> pageViews(List<String> input) {
        List<String[]> views = new ArrayList<>();
        long largest = Long.MIN_VALUE;
        for (String line : input) {
            String[] fields = line.split(",");
            long watermark = largest == Long.MIN_VALUE ? Long.MIN_VALUE : largest - TEN_SECONDS - 1;
            views.add(new String[] {fields[0], fields[1], fields[2], Long.toString(watermark)});
            largest = Math.max(largest, Long.parseLong(fields[1]));
        }
        return views;
    }

    private static boolean late(String[] view) {
        long lastMillisecondOfMinute = minuteStart(Long.parseLong(view[1])) + 60_000 - 1;
        return lastMillisecondOfMinute <= Long.parseLong(view[3]);
    }

    private static long minuteStart(long timestamp) {
        return timestamp - Math.floorMod(timestamp, 60_000L);
    }

    /**
     * OrderDeduplication: the lines of the orders that pass. An id is remembered from its first
     * passing order until the watermark (largest timestamp so far minus the bound minus 1, as left by
     * the orders before) reaches that order's timestamp plus two minutes.
     */
    public static List<String> deduplicatedOrders(List<String> input) {
        Map<String, Long> forgetAt = new HashMap<>();
        List<String> passed = new ArrayList<>();
        long largest = Long.MIN_VALUE;
        for (String line : input) {
            String[] fields = line.split(",");
            long timestamp = Long.parseLong(fields[1]);
            long watermark = largest == Long.MIN_VALUE ? Long.MIN_VALUE : largest - TEN_SECONDS - 1;
            forgetAt.values().removeIf(time -> time <= watermark);
            if (!forgetAt.containsKey(fields[0])) {
                passed.add(line);
                forgetAt.put(fields[0], timestamp + 2 * 60_000);
            }
            largest = Math.max(largest, timestamp);
        }
        return passed;
    }

    /**
     * OrderEnrichment: each order as {@code orderId,name,amountCents}, with the name of its customer,
     * or "unknown" for a customer the customers file does not have.
     */
    public static List<String> enrichedOrders(List<String> orders, List<String> customers) {
        Map<String, String> names = new HashMap<>();
        for (String line : customers) {
            String[] fields = line.split(",");
            names.put(fields[0], fields[1]);
        }
        List<String> enriched = new ArrayList<>();
        for (String line : orders) {
            String[] fields = line.split(",");
            enriched.add(fields[0] + "," + names.getOrDefault(fields[1], "unknown") + "," + fields[2]);
        }
        return enriched;
    }

    /**
     * PaymentRules: {@code paymentId,account,ruleName} for each payment and each rule whose threshold
     * its amount exceeds.
     */
    public static List<String> paymentAlerts(List<String> payments, List<String> rules) {
        List<String> alerts = new ArrayList<>();
        for (String payment : payments) {
            String[] fields = payment.split(",");
            for (String rule : rules) {
                String[] ruleFields = rule.split(",");
                if (Long.parseLong(fields[2]) > Long.parseLong(ruleFields[1])) {
                    alerts.add(fields[0] + "," + fields[1] + "," + ruleFields[0]);
                }
            }
        }
        return alerts;
    }

    /**
     * ClickAttribution, interval join: {@code user,ad,impressionMillis,clickMillis} for each impression
     * and each click of the same user and ad with impression - 10 s &lt;= click &lt;= impression + 60 s.
     * Every input is less than ten seconds out of order, so no event is late.
     */
    public static List<String> attributedClicks(List<String> impressions, List<String> clicks) {
        List<String> attributed = new ArrayList<>();
        for (String impression : impressions) {
            String[] i = impression.split(",");
            long shown = Long.parseLong(i[2]);
            for (String click : clicks) {
                String[] c = click.split(",");
                long clicked = Long.parseLong(c[2]);
                if (i[0].equals(c[0]) && i[1].equals(c[1]) && clicked >= shown - TEN_SECONDS
                        && clicked <= shown + 60_000) {
                    attributed.add(i[0] + "," + i[1] + "," + shown + "," + clicked);
                }
            }
        }
        return attributed;
    }

    /**
     * ClickAttribution, window join: {@code user,impressionAd,clickAd,minuteStartMillis} for each
     * impression and each click of the same user in the same minute of event time.
     */
    public static List<String> sameMinutePairs(List<String> impressions, List<String> clicks) {
        List<String> pairs = new ArrayList<>();
        for (String impression : impressions) {
            String[] i = impression.split(",");
            long minute = minuteStart(Long.parseLong(i[2]));
            for (String click : clicks) {
                String[] c = click.split(",");
                if (i[0].equals(c[0]) && minute == minuteStart(Long.parseLong(c[2]))) {
                    pairs.add(i[0] + "," + i[1] + "," + c[1] + "," + minute);
                }
            }
        }
        return pairs;
    }

    /**
     * DeduplicateThenEnrich: the first payment of each id as {@code paymentId,name,amountCents}, with
     * the name of its merchant or "unknown" (no id expires during a run: the time-to-live is an hour).
     */
    public static List<String> deduplicatedEnrichedPayments(List<String> payments, List<String> merchants) {
        Map<String, String> firstById = new LinkedHashMap<>();
        for (String line : payments) {
            firstById.putIfAbsent(line.split(",")[0], line);
        }
        return enrichedOrders(new ArrayList<>(firstById.values()), merchants);
    }

    /** Rewrites the expected files from the inputs (run from the weir-examples directory). */
    public static void main(String[] args) throws IOException {
        write("word-count-expected.txt", wordCount(read("word-count-input.txt")));
        write("fraud-detection-alerts-expected.txt", fraudAlerts(read("fraud-detection-input.txt")));
        write("fraud-detection-large-expected.txt", largeTransactions(read("fraud-detection-input.txt")));
        write("account-statistics-expected.txt", accountStatistics(read("account-statistics-input.txt")));
        write("page-views-per-minute-expected.txt", pageViewsPerMinute(read("page-views-input.txt")));
        write("page-views-late-expected.txt", latePageViews(read("page-views-input.txt")));
        write("order-deduplication-expected.txt", deduplicatedOrders(read("order-deduplication-input.txt")));
        write("order-enrichment-expected.txt", enrichedOrders(read("order-enrichment-orders.txt"),
                read("order-enrichment-customers.txt")));
        write("payment-rules-expected.txt", paymentAlerts(read("payment-rules-payments.txt"),
                read("payment-rules-rules.txt")));
        write("click-attribution-attributed-expected.txt", attributedClicks(read("click-attribution-impressions.txt"),
                read("click-attribution-clicks.txt")));
        write("click-attribution-same-minute-expected.txt", sameMinutePairs(read("click-attribution-impressions.txt"),
                read("click-attribution-clicks.txt")));
        write("dedup-enrich-expected.txt", deduplicatedEnrichedPayments(read("dedup-enrich-payments.txt"),
                read("dedup-enrich-merchants.txt")));
    }

    static List<String> read(String name) throws IOException {
        return Files.readAllLines(DATA.resolve(name));
    }

    private static void write(String name, List<String> lines) throws IOException {
        Files.write(DATA.resolve(name), lines.stream().sorted().toList());
    }
}
