package dev.weir.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.bench.LimitKeyedSum.LongLongMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hand-written keyed-sum loop: its map against a HashMap, and its key permutation. */
class LimitKeyedSumTest {

    @Test
    void theMapAgreesWithAHashMapAcrossGrowth() {
        LongLongMap map = new LongLongMap(4);
        Map<Long, Long> model = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            long key = random.nextInt(50_000) * (random.nextBoolean() ? 1L : -7_919L);
            long delta = random.nextInt(10) - 3;
            map.add(key, delta);
            model.merge(key, delta, Long::sum);
        }
        assertEquals(model.size(), map.size());
        model.forEach((key, value) -> assertEquals(value, map.get(key, Long.MIN_VALUE), "key " + key));
        assertEquals(Long.MIN_VALUE, map.get(123_456_789L, Long.MIN_VALUE));
        assertEquals(model.values().stream().mapToLong(Long::longValue).sum(), map.sumOfValues());
    }

    @Test
    void theKeyOrderIsAPermutationAndEachThreadOwnsItsShareOfTheKeys() {
        long keys = 1000;
        long multiplier = LimitKeyedSum.coprimeMultiplier(keys);
        Set<Long> permuted = new HashSet<>();
        for (long x = 0; x < keys; x++) {
            permuted.add(Math.floorMod(x * multiplier, keys));
        }
        assertEquals(keys, permuted.size());
        LongLongMap first = new LongLongMap(16);
        LongLongMap second = new LongLongMap(16);
        LimitKeyedSum.sum(first, 0, 2, 10_000, keys, multiplier);
        LimitKeyedSum.sum(second, 1, 2, 10_000, keys, multiplier);
        assertEquals(500, first.size());
        assertEquals(500, second.size());
        assertEquals(10_000, first.sumOfValues() + second.sumOfValues());
    }
}
