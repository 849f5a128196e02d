package dev.weir.examples;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.KeyValue;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.Sink;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Counts the words of a text file (or a directory of them):
 * lines → words (lower-cased, split on anything that is not a letter or digit) → keyBy word →
 * rolling count → the final count per word, printed most frequent first.
 *
 * <p>{@code ./weir run wordcount --input FILE [--top N]}, and the {@link CommonJobOptions}.
 */
@Command(name = "wordcount", sortOptions = false,
        description = "Counts the words of a text file (or a directory of them) and prints them, most frequent "
                + "first.")
public final class WordCount implements Callable<Integer> {

    @Option(names = "--input", paramLabel = "FILE", required = true,
            description = "A text file (UTF-8), or a directory of them. Required.")
    private String input;

    @Option(names = "--top", paramLabel = "N", defaultValue = "" + Integer.MAX_VALUE,
            description = "Print only the N most frequent words. Default: all of them.")
    private int top;

    @Mixin
    private CommonJobOptions common;

    /** The job as a command; picocli fills its options. */
    public WordCount() {
    }

    /** Runs the job as {@code weir run wordcount} would; exit code as {@link JobCommandLine} describes. */
    public static void main(String[] args) {
        System.exit(JobCommandLine.create(new WordCount()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (common.onFlink()) {
            throw new IllegalArgumentException("wordcount gathers its counts in this JVM to print them at its end, so "
                    + "it runs with --runner local only; on Flink the counts would stay in the TaskManagers");
        }
        StreamExecutionEnvironment env = common.configure(StreamExecutionEnvironment.getExecutionEnvironment(), common.checkpointDir());
        FinalCounts sink = define(env, input);
        JobExecutionResult result = common.runner()
                .notResumable("it prints the counts only at its end; run it again").run(env);
        print(report(result, sink), top, System.out);
        return 0;
    }

    /** Runs the job and returns each word with its count, most frequent first (ties by word). */
    public static List<KeyValue<String, Long>> countWords(String input, int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism).setJobName("wordcount");
        FinalCounts sink = define(env, input);
        return report(env.execute().orThrow(), sink);
    }

    private static FinalCounts define(StreamExecutionEnvironment env, String input) {
        FinalCounts sink = new FinalCounts();
        env.readTextFile(input).name("lines").uid("lines")
                .flatMap(WordCount::tokenize).name("words")
                .keyBy(word -> word)
                .count().name("count").uid("count")
                .sinkTo(sink).name("final-counts").uid("final-counts");
        return sink;
    }

    /** Reports the run's figures on stderr (stdout is for the counts) and returns the counts, sorted. */
    private static List<KeyValue<String, Long>> report(JobExecutionResult result, FinalCounts sink) {
        System.err.printf(Locale.ROOT, "wordcount: %d lines, %d words, %d distinct, %.3f s%n",
                result.operator("lines").recordsOut(), result.operator("words").recordsOut(), sink.counts.size(),
                result.duration().toNanos() / 1e9);
        return sink.counts.entrySet().stream()
                .map(e -> new KeyValue<>(e.getKey(), e.getValue()))
                .sorted(Comparator.comparing((KeyValue<String, Long> kv) -> -kv.value()).thenComparing(KeyValue::key))
                .toList();
    }

    static void tokenize(String line, dev.weir.api.Collector<String> out) {
        int start = -1;
        for (int i = 0; i <= line.length(); i++) {
            boolean wordChar = i < line.length() && Character.isLetterOrDigit(line.charAt(i));
            if (wordChar && start < 0) {
                start = i;
            } else if (!wordChar && start >= 0) {
                out.collect(line.substring(start, i).toLowerCase(Locale.ROOT));
                start = -1;
            }
        }
    }

    static void print(List<KeyValue<String, Long>> counts, int top, PrintStream out) {
        counts.stream().limit(top).forEach(kv -> out.println(kv.key() + " " + kv.value()));
        out.flush();
    }

    /**
     * Keeps the latest rolling count per word, which is the final count once the input has ended.
     * All subtask copies share the map (a local-run convenience, like CollectSink).
     */
    static final class FinalCounts implements Sink<KeyValue<String, Long>> {
        private final Map<String, Long> counts = new ConcurrentHashMap<>();

        @Override
        public void write(KeyValue<String, Long> value) {
            counts.merge(value.key(), value.value(), Math::max);
        }
    }
}
