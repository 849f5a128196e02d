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

    /** A value of {@code kind} for step {@code step}: strings for object values, else Long, Integer or Double. */
    private static Object valueOf(ValueKind kind, Random random, int step) {
        return switch (kind) {
            case OBJECT -> "v" + step;
            case LONG -> random.nextInt(8) == 0 ? 0L : random.nextLong();
            case INT -> random.nextInt(8) == 0 ? 0 : random.nextInt();
            case DOUBLE -> switch (random.nextInt(8)) {
                case 0 -> -0.0;
                case 1 -> Double.NaN;
                default -> random.nextGaussian();
            };
        };
    }

    /**
     * Keys are drawn from a pool of boxes (the same object again, as the current key of a record is, so the
     * table's remembered slot is used) or boxed afresh (an equal key, another object); key 0 and negative keys
     * included (a row without a hash word is empty when all zero, except at the slot of key 0).
     */
    @Test
    void underRandomPutsRemovesSnapshotsAndRestores_tablesOfEveryValueKindAgreeWithAHashMap() throws IOException {
        for (ValueKind kind : ValueKind.values()) {
            for (boolean windows : new boolean[] {false, true}) {
                for (long seed = 1; seed <= 2; seed++) {
                    checkAgainstAModel(kind, windows, new Random(seed * 31 + kind.ordinal() * 7 + (windows ? 1 : 0)));
                }
            }
        }
    }

    private static void checkAgainstAModel(ValueKind kind, boolean windows, Random random) throws IOException {
        String what = kind + (windows ? " with windows" : " without namespaces");
        Long[] pool = new Long[400];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = (long) (i - 50) * (i % 3 == 0 ? 1_000_003L : 1); // small and spread keys, 0 among them
        }
        TimeWindow[] windowPool = new TimeWindow[5];
        for (int i = 0; i < windowPool.length; i++) {
            windowPool[i] = new TimeWindow(i * 10L, i * 10L + 10);
        }
        KeyGroupTable table = new KeyGroupTable(null, kind);
        Map<Id, Object> model = new HashMap<>();
        List<KeyGroupTable.Frozen> images = new ArrayList<>();
        List<Map<Id, Object>> expectedImages = new ArrayList<>();
        for (int step = 0; step < 40_000; step++) {
            // the key space grows and shrinks: tables grow past several sizes and deletions shift long runs
            int keys = Math.min(pool.length, step < 20_000 ? 20 + step / 50 : 400 - (step - 20_000) / 60);
            Long pooled = pool[random.nextInt(Math.max(1, keys))];
            Long key = random.nextBoolean() ? pooled : Long.valueOf(pooled.longValue());
            Object namespace = windows ? windowPool[random.nextInt(windowPool.length)] : null;
            Id id = new Id(key, namespace);
            int op = random.nextInt(100);
            if (op < 40) {
                Object value = valueOf(kind, random, step);
                table.put(key, namespace, value);
                model.put(id, value);
            } else if (op < 55) {
                // a read then a write of the same entry: the write takes the slot the read found
                assertEquals(model.get(id), table.get(key, namespace), () -> what + ": get " + id);
                Object value = valueOf(kind, random, step);
                table.put(key, namespace, value);
                model.put(id, value);
            } else if (op < 75) {
                assertEquals(model.remove(id) != null, table.remove(key, namespace), () -> what + ": remove " + id);
            } else if (op < 98) {
                assertEquals(model.get(id), table.get(key, namespace), () -> what + ": get " + id);
                int slot = table.slotOf(key, namespace);
                assertEquals(model.containsKey(id), slot >= 0);
                if (slot >= 0 && kind.isPrimitive()) {
                    assertEquals(model.get(id), kind.box(table.bitsAt(slot)));
                }
            } else if (op < 99 && images.size() < 3) {
                images.add(table.freeze());
                expectedImages.add(new HashMap<>(model));
            } else {
                for (int i = 0; i < images.size(); i++) {
                    Map<Id, Object> expected = expectedImages.get(i);
                    assertEquals(expected, contents(images.get(i)), what + ": a frozen image never changes");
                    assertEquals(expected, contents(restored(images.get(i), kind).view()),
                            what + ": a table restored from an image holds the image");
                }
                images.clear();
                expectedImages.clear();
                table.release();
            }
            assertEquals(model.size(), table.size(), what);
        }
        assertEquals(model, contents(table.view()), what);
        for (Map.Entry<Id, Object> entry : model.entrySet()) {
            assertEquals(entry.getValue(), table.get(entry.getKey().key(), entry.getKey().namespace()), what);
        }
    }

    /** A new table filled from an image, as a restore fills one from a snapshot's entries. */
    private static KeyGroupTable restored(KeyGroupTable.Frozen image, ValueKind kind) throws IOException {
        KeyGroupTable table = new KeyGroupTable(null, kind);
        image.forEach(table::put);
        return table;
    }

    @Test
    void whenValuesAreHeldAsBits_thenEveryValueOfTheirTypeRoundTrips() {
        KeyGroupTable longs = new KeyGroupTable(null, ValueKind.LONG);
        KeyGroupTable ints = new KeyGroupTable(null, ValueKind.INT);
        KeyGroupTable doubles = new KeyGroupTable(null, ValueKind.DOUBLE);
        long[] samples = {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, 1_000_000};
        for (int i = 0; i < samples.length; i++) {
            longs.put((long) i, null, samples[i]);
            ints.put(i, null, (int) samples[i]);
            doubles.put((long) i, null, (double) samples[i]);
        }
        doubles.put(100L, null, Double.NaN);
        doubles.put(101L, null, -0.0);
        for (int i = 0; i < samples.length; i++) {
            assertEquals(samples[i], longs.get((long) i, null));
            assertEquals((int) samples[i], ints.get(i, null));
            assertEquals((double) samples[i], doubles.get((long) i, null));
        }
        assertEquals(Double.NaN, doubles.get(100L, null));
        assertEquals(-0.0, doubles.get(101L, null)); // Double.equals tells -0.0 from 0.0
        assertNull(longs.get(99L, null));
    }

    @Test
    void whenAValueOfAnotherTypeIsPutIntoATableOfLongs_thenTheErrorNamesBothTypes() {
        KeyGroupTable longs = new KeyGroupTable(null, ValueKind.LONG);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> longs.put(1L, null, "text"));
        assertTrue(e.getMessage().contains("Long") && e.getMessage().contains("java.lang.String"), e.getMessage());
    }

    @Test
    void whenTheLongKeyZeroIsStoredRemovedAndShifted_thenItIsFoundExactlyWhileItIsThere() throws IOException {
        KeyGroupTable table = new KeyGroupTable(null, ValueKind.LONG);
        assertNull(table.get(0L, null));
        table.put(0L, null, 0L); // an all-zero row: held at the table's slot of key 0
        assertEquals(0L, table.get(0L, null));
        assertEquals(Map.of(new Id(0L, null), 0L), contents(table.view()));
        for (long key = 1; key < 1_000; key++) {
            table.put(key, null, -key);
        }
        for (long key = 1; key < 1_000; key += 2) {
            assertTrue(table.remove(key, null)); // shifts entries back, key 0's among them
        }
        assertEquals(0L, table.get(0L, null));
        assertTrue(table.remove(0L, null));
        assertNull(table.get(0L, null));
        assertFalse(table.remove(0L, null));
        assertEquals(499, table.size());
        assertEquals(-998L, table.get(998L, null));
    }
}
