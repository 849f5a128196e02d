package dev.weir.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.windowing.windows.GlobalWindow;
import dev.weir.api.windowing.windows.TimeWindow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyGroupTableTest {

    /** An entry's identity in the model. */
    record Id(Object key, Object namespace) {
    }

    private static Map<Id, Object> contents(KeyGroupTable.Frozen frozen) throws IOException {
        Map<Id, Object> entries = new HashMap<>();
        frozen.forEach((key, namespace, value) -> {
            Object previous = entries.put(new Id(key, namespace), value);
            assertNull(previous, "an identity appears once");
        });
        assertEquals(entries.size(), frozen.size());
        return entries;
    }

    private static Object randomKey(Random random, int phase) {
        int n = random.nextInt(300);
        return switch (phase) {
            case 0 -> (long) n;                                       // flat long keys
            case 1 -> random.nextInt(4) == 0 ? (Object) ("k" + n) : (Object) (long) n; // widens to objects
            default -> random.nextBoolean() ? (Object) n : (Object) (long) n;          // Integer and Long: not equal
        };
    }

    private static Object randomNamespace(Random random, int phase) {
        int start = random.nextInt(20) * 10;
        return switch (phase) {
            case 0 -> new TimeWindow(start, start + 10);
            case 1 -> random.nextInt(10) == 0 ? null : new TimeWindow(start, start + 10);
            default -> random.nextInt(10) == 0 ? GlobalWindow.get() : new TimeWindow(start, start + 10);
        };
    }

    @Test
    void underRandomPutsRemovesWidensAndSnapshots_theTableAgreesWithAHashMap() throws IOException {
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            KeyGroupTable table = new KeyGroupTable(null);
            Map<Id, Object> model = new HashMap<>();
            List<KeyGroupTable.Frozen> snapshots = new ArrayList<>();
            List<Map<Id, Object>> expectedSnapshots = new ArrayList<>();
            for (int step = 0; step < 30_000; step++) {
                int phase = step / 10_000;
                Object key = randomKey(random, phase);
                Object namespace = randomNamespace(random, phase);
                Id id = new Id(key, namespace);
                int op = random.nextInt(100);
                if (op < 50) {
                    String value = "v" + step;
                    table.put(key, namespace, value);
                    model.put(id, value);
                } else if (op < 80) {
                    assertEquals(model.remove(id) != null, table.remove(key, namespace), "remove " + id);
                } else if (op < 99) {
                    assertEquals(model.get(id), table.get(key, namespace), "get " + id + " at step " + step);
                } else if (snapshots.size() < 3) {
                    snapshots.add(table.freeze());
                    expectedSnapshots.add(new HashMap<>(model));
                } else {
                    for (int i = 0; i < snapshots.size(); i++) {
                        assertEquals(expectedSnapshots.get(i), contents(snapshots.get(i)), "a frozen image never changes");
                    }
                    snapshots.clear();
                    expectedSnapshots.clear();
                    table.release();
                }
                assertEquals(model.size(), table.size());
            }
            assertEquals(model, contents(table.view()), "seed " + seed);
            for (Map.Entry<Id, Object> entry : model.entrySet()) {
                assertEquals(entry.getValue(), table.get(entry.getKey().key(), entry.getKey().namespace()));
            }
        }
    }

    @Test
    void whenAValueChangedInPlaceIsSharedWithASnapshot_thenItIsCopiedOnceBeforeItsFirstChange() throws IOException {
        KeyGroupTable table = new KeyGroupTable(value -> new ArrayList<>((List<?>) value));
        TimeWindow window = new TimeWindow(0, 10);
        List<String> list = new ArrayList<>(List.of("a"));
        table.put(7L, window, list);
        assertSame(list, table.getForUpdate(7L, window), "nothing shared: changed in place");

        KeyGroupTable.Frozen snapshot = table.freeze();
        @SuppressWarnings("unchecked")
        List<String> forUpdate = (List<String>) table.getForUpdate(7L, window);
        assertNotSame(list, forUpdate);
        forUpdate.add("b");
        assertSame(forUpdate, table.getForUpdate(7L, window), "copied once per snapshot");
        assertEquals(Map.of(new Id(7L, window), List.of("a")), contents(snapshot));

        table.release();
        assertSame(forUpdate, table.getForUpdate(7L, window), "no copy once no snapshot is in flight");
        assertEquals(List.of("a", "b"), table.get(7L, window));
    }

    @Test
    void whenFrozen_thenPutsAndRemovesLeaveTheImageAsItWas() throws IOException {
        KeyGroupTable table = new KeyGroupTable(null);
        for (long key = 0; key < 100; key++) {
            table.put(key, null, key * 10);
        }
        KeyGroupTable.Frozen snapshot = table.freeze();
        for (long key = 0; key < 100; key += 2) {
            table.remove(key, null);
        }
        for (long key = 100; key < 1_000; key++) {
            table.put(key, null, key); // grows the table while the image is held
        }
        table.put("a string key", null, "widens");
        Map<Id, Object> image = contents(snapshot);
        assertEquals(100, image.size());
        for (long key = 0; key < 100; key++) {
            assertEquals(key * 10, image.get(new Id(key, null)));
        }
        assertEquals(951, table.size());
        assertEquals("widens", table.get("a string key", null));
        assertEquals(990L, table.get(99L, null));
        assertFalse(contents(table.view()).containsKey(new Id(0L, null)));
    }

    @Test
    void anIntegerKeyAndALongKeyOfTheSameValueAreDifferentEntries() {
        KeyGroupTable table = new KeyGroupTable(null);
        table.put(5L, null, "long");
        table.put(5, null, "int");
        assertEquals("long", table.get(5L, null));
        assertEquals("int", table.get(5, null));
        assertTrue(table.remove(5L, null));
        assertNull(table.get(5L, null));
        assertEquals("int", table.get(5, null));
    }
}
