package dev.weir.bench.kstreams;

import java.util.Locale;

/**
 * Command-line options of {@link KafkaStreamsCounts}: {@code --name value} pairs plus the
 * {@code --preload} flag. Unknown options, missing values and malformed numbers are rejected with
 * an {@link IllegalArgumentException} whose message is meant for the user.
 */
record Options(
        String bootstrapServers,
        String inputTopic,
        String outputTopic,
        long records,
        int keys,
        int threads,
        long commitIntervalMs,
        int partitions,
        long timeoutSeconds,
        boolean preload) {

    static final String USAGE = "usage: java -jar weir-bench-kafka-streams.jar"
            + " --bootstrap-servers HOST:PORT --input-topic IN --output-topic OUT --records N"
            + " [--keys K (10000)] [--threads T (2)] [--commit-interval-ms MS (1000)]"
            + " [--timeout-seconds S (600)]\n"
            + "   or: java -jar weir-bench-kafka-streams.jar --preload"
            + " --bootstrap-servers HOST:PORT --input-topic IN --output-topic OUT --records N"
            + " [--partitions P (2)]";

    static Options parse(String... args) {
        String bootstrap = null, in = null, out = null;
        long records = -1, commitMs = 1000, timeout = 600;
        int keys = 10_000, threads = 2, partitions = 2;
        boolean preload = false;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--preload")) {
                preload = true;
                continue;
            }
            if (!name.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException(i + 1 >= args.length && name.startsWith("--")
                        ? "missing value for " + name : "unexpected argument " + name);
            }
            String value = args[++i];
            switch (name) {
                case "--bootstrap-servers" -> bootstrap = value;
                case "--input-topic" -> in = value;
                case "--output-topic" -> out = value;
                case "--records" -> records = positiveLong(name, value);
                case "--keys" -> keys = positiveInt(name, value);
                case "--threads" -> threads = positiveInt(name, value);
                case "--commit-interval-ms" -> commitMs = positiveLong(name, value);
                case "--partitions" -> partitions = positiveInt(name, value);
                case "--timeout-seconds" -> timeout = positiveLong(name, value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        require(bootstrap, "--bootstrap-servers");
        require(in, "--input-topic");
        require(out, "--output-topic");
        if (records < 0) {
            throw new IllegalArgumentException("--records is required");
        }
        if (records > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--records must be at most " + Integer.MAX_VALUE);
        }
        if (in.equals(out)) {
            throw new IllegalArgumentException("--input-topic and --output-topic must differ");
        }
        return new Options(bootstrap, in, out, records, keys, threads, commitMs, partitions, timeout, preload);
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    private static long positiveLong(String name, String value) {
        long v;
        try {
            v = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " expects a number, got '" + value + "'");
        }
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
        return v;
    }

    private static int positiveInt(String name, String value) {
        long v = positiveLong(name, value);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s is too large: %d", name, v));
        }
        return (int) v;
    }
}
