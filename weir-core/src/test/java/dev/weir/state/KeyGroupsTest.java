package dev.weir.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyGroupsTest {

    private static List<int[]> maxParallelismAndParallelismPairs() {
        List<int[]> pairs = new ArrayList<>();
        for (int max : new int[] {1, 2, 3, 4, 5, 7, 10, 16, 31, 100, 127, 128, 129, 1_000, 4_096, 32_768}) {
            for (int p = 1; p <= Math.min(max, 40); p++) {
                pairs.add(new int[] {max, p});
            }
            for (int p : new int[] {max - 1, max}) {
                if (p >= 1) {
                    pairs.add(new int[] {max, p});
                }
            }
        }
        return pairs;
    }

    @Test
    void subtaskRangesAreContiguousDisjointAndCoverAllKeyGroups() {
        for (int[] pair : maxParallelismAndParallelismPairs()) {
            int max = pair[0];
            int p = pair[1];
            int expectedFirst = 0;
            for (int s = 0; s < p; s++) {
                KeyGroupRange range = KeyGroupRange.forSubtask(max, p, s);
                String where = "max " + max + ", parallelism " + p + ", subtask " + s + ": " + range;
                assertEquals(expectedFirst, range.first(), where);
                assertTrue(range.size() >= 1, where);
                assertTrue(range.size() >= max / p && range.size() <= (max + p - 1) / p, "balanced: " + where);
                expectedFirst = range.last() + 1;
            }
            assertEquals(max, expectedFirst, "max " + max + ", parallelism " + p + ": ranges must end at max-1");
        }
    }

    @Test
    void rangesAgreeWithSubtaskForKeyGroup() {
        for (int[] pair : maxParallelismAndParallelismPairs()) {
            int max = pair[0];
            int p = pair[1];
            for (int s = 0; s < p; s++) {
                KeyGroupRange range = KeyGroupRange.forSubtask(max, p, s);
                for (int kg = range.first(); kg <= range.last(); kg++) {
                    if (KeyGroups.subtaskForKeyGroup(kg, max, p) != s) {
                        throw new AssertionError("key group " + kg + " is in the range of subtask " + s + " ("
                                + range + ") but subtaskForKeyGroup says " + KeyGroups.subtaskForKeyGroup(kg, max, p)
                                + " (max " + max + ", parallelism " + p + ")");
                    }
                }
            }
        }
    }

    @Test
    void keyGroupsLieInRangeEvenForNegativeAndExtremeHashCodes() {
        Object[] keys = {0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE, "", "a", "weir", -42L, Long.MIN_VALUE, 3.5};
        for (int max : new int[] {1, 2, 7, 128, 32_768}) {
            for (Object key : keys) {
                int kg = KeyGroups.keyGroupFor(key, max);
                assertTrue(kg >= 0 && kg < max, key + " -> " + kg + " of " + max);
                assertEquals(kg, KeyGroups.keyGroupFor(key, max), "deterministic");
            }
        }
    }

    @Test
    void smallIntegerKeysSpreadOverManyKeyGroups() {
        boolean[] used = new boolean[128];
        int distinct = 0;
        for (int i = 0; i < 1_000; i++) {
            int kg = KeyGroups.keyGroupFor(i, 128);
            if (!used[kg]) {
                used[kg] = true;
                distinct++;
            }
        }
        assertTrue(distinct > 120, "1000 consecutive ints hit only " + distinct + " of 128 key groups");
    }

    @Test
    void subtaskForKeyIsTheOwnerOfTheKeysGroup() {
        for (int i = 0; i < 2_000; i++) {
            String key = "user-" + i;
            int subtask = KeyGroups.subtaskForKey(key, 128, 3);
            assertTrue(KeyGroupRange.forSubtask(128, 3, subtask).contains(KeyGroups.keyGroupFor(key, 128)), key);
        }
    }

    @Test
    void parallelismAboveMaxParallelismOrBelowOneIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> KeyGroupRange.forSubtask(4, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> KeyGroupRange.forSubtask(4, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> KeyGroupRange.forSubtask(KeyGroups.UPPER_BOUND_MAX_PARALLELISM + 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new KeyGroupRange(-1, 3));
        assertThrows(IllegalArgumentException.class, () -> new KeyGroupRange(5, 3));
    }

    @Test
    void rangeContainsExactlyItsBounds() {
        KeyGroupRange range = new KeyGroupRange(4, 9);
        assertEquals(6, range.size());
        assertTrue(range.contains(4) && range.contains(9));
        assertTrue(!range.contains(3) && !range.contains(10));
        assertEquals(0, new KeyGroupRange(3, 2).size());
    }
}
