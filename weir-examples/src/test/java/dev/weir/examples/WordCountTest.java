package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.KeyValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordCountTest {

    @TempDir
    Path dir;

    @Test
    void countsEveryWordOfAFileExactly() throws Exception {
        Random random = new Random(42);
        String[] vocabulary = {"alpha", "beta", "gamma", "delta", "Epsilon", "zeta", "eta"};
        Map<String, Long> expected = new HashMap<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            StringBuilder line = new StringBuilder();
            for (int w = random.nextInt(8); w > 0; w--) {
                String word = vocabulary[random.nextInt(vocabulary.length)];
                expected.merge(word.toLowerCase(), 1L, Long::sum);
                line.append(word).append(random.nextBoolean() ? ", " : "  ");
            }
            lines.add(line.toString());
        }
        Path input = Files.write(dir.resolve("in.txt"), lines);

        for (int parallelism : new int[] {1, 3}) {
            Map<String, Long> actual = new HashMap<>();
            for (KeyValue<String, Long> kv : WordCount.countWords(input.toString(), parallelism)) {
                actual.put(kv.key(), kv.value());
            }
            assertEquals(expected, actual, "parallelism " + parallelism);
        }
    }

    @Test
    void resultIsSortedMostFrequentFirstThenByWord() throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), "b a b c a b\nd\n");
        assertEquals(List.of(new KeyValue<>("b", 3L), new KeyValue<>("a", 2L), new KeyValue<>("c", 1L),
                new KeyValue<>("d", 1L)), WordCount.countWords(input.toString(), 2));
    }

    @Test
    void tokenizerSplitsOnPunctuationAndLowercases() {
        List<String> words = new ArrayList<>();
        WordCount.tokenize("Hello, World! It's 2026 -- naïve café", words::add);
        assertEquals(List.of("hello", "world", "it", "s", "2026", "naïve", "café"), words);
    }

    @Test
    void aMissingInputFileIsAClearErrorNamingThePath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WordCount.countWords(dir.resolve("missing.txt").toString(), 1));
        assertTrue(e.getMessage().contains("missing.txt"), e.getMessage());
    }
}
