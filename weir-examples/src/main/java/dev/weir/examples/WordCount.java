package dev.weir.examples;

import dev.weir.api.JobResult;
import dev.weir.api.KeyValue;
import dev.weir.api.StreamEnvironment;
import dev.weir.api.connector.Sink;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the words of a text file (or a directory of them):
 * lines → words (lower-cased, split on anything that is not a letter or digit) → keyBy word →
 * rolling count → the final count per word, printed most frequent first.
 *
 * <p>{@code ./weir run wordcount --input FILE [--parallelism P] [--top N]}
 */
public final class WordCount {

    private WordCount() {
    }

    public static void main(String[] args) {
        JobOptions options = JobOptions.parse(args);
        String input = options.requireString("input");
        int parallelism = options.getInt("parallelism", 2);
        int top = options.getInt("top", Integer.MAX_VALUE);
        options.rejectUnknown();
        List<KeyValue<String, Long>> counts = countWords(input, parallelism);
        print(counts, top, System.out);
    }

    /** Runs the job and returns each word with its count, most frequent first (ties by word). */
    public static List<KeyValue<String, Long>> countWords(String input, int parallelism) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism).setJobName("wordcount");
        FinalCounts sink = new FinalCounts();
        env.readTextFile(input).name("lines")
                .flatMap(WordCount::tokenize).name("words")
                .keyBy(word -> word)
                .count().name("count").uid("count")
                .sinkTo(sink).name("final-counts");
        JobResult result = env.execute().orThrow();
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
