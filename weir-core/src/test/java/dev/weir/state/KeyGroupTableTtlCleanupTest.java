package dev.weir.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.state.StateTtlConfig;
import dev.weir.state.ttl.TtlPolicy;
import dev.weir.state.ttl.TtlValue;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The incremental TTL cleanup cursor over the heap's key-group tables. */
class KeyGroupTableTtlCleanupTest {
    private static final TtlPolicy POLICY = new TtlPolicy(StateTtlConfig.newBuilder(Duration.ofMillis(100)).build(),
            () -> 0L);

    private static Map<Object, Object> contents(KeyGroupTable.Frozen frozen) throws IOException {
        Map<Object, Object> entries = new HashMap<>();
        frozen.forEach((key, namespace, value) -> entries.put(key, value));
        return entries;
    }

    @Test
    void stepsOfTheCursorRemoveEveryExpiredEntryAndKeepTheOthersEvenAsRemovalsShiftEntries() throws IOException {
        Random random = new Random(7);
        KeyGroupTable table = new KeyGroupTable(null);
        Map<Object, Object> alive = new HashMap<>();
        for (long key = 0; key < 1000; key++) {
            boolean expired = random.nextBoolean();
            TtlValue<Long> value = new TtlValue<>(key, expired ? 0 : 500);
            table.put(key, null, value);
            if (!expired) {
                alive.put(key, value);
            }
        }
        int slot = 0;
        int steps = 0;
        while (slot >= 0) {
            long result = table.cleanExpired(slot, 7, POLICY, 200);
            slot = (int) (result >> 32);
            steps++;
        }
        assertTrue(steps > 1000 / 7, "each step checks at most 7 entries");
        assertEquals(alive, contents(table.view()), "one pass of the cursor leaves exactly the unexpired entries");
    }

    @Test
    void aListIsReplacedByOneWithoutItsExpiredElementsAndTheSnapshotKeepsTheOld() throws IOException {
        KeyGroupTable table = new KeyGroupTable(value -> value);
        List<TtlValue<String>> list = List.of(new TtlValue<>("old", 0), new TtlValue<>("new", 150));
        table.put("k", null, list);
        KeyGroupTable.Frozen snapshot = table.freeze();

        table.cleanExpired(0, 10, POLICY, 200);

        assertEquals(List.of(new TtlValue<>("new", 150)), table.get("k", null));
        assertSame(list, contents(snapshot).get("k"), "the snapshot being written still sees the list as it was");
    }

    @Test
    void aStateTableCursorGoesRoundTheKeyGroupsAndStopsAfterOneRoundWhenNothingIsLeft() {
        StateTable table = new StateTable(new KeyGroupRange(0, 9), null);
        for (int group = 0; group < 10; group++) {
            table.group(group).put("k" + group, null, new TtlValue<>(group, 0));
        }
        table.cleanExpired(4, POLICY, 200);
        assertEquals(6, table.size(), "one step checks 4 entries");
        table.cleanExpired(100, POLICY, 200);
        assertEquals(0, table.size());
        table.cleanExpired(100, POLICY, 200); // nothing left: one round over the empty groups, then back
        assertEquals(0, table.size());
    }
}
