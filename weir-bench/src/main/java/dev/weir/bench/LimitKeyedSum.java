package dev.weir.bench;

import dev.weir.examples.JobOptions;
import java.util.Arrays;
import java.util.Locale;

/**
 * The {@code limit-keyed-sum} workload: what the hardware allows for keyed-sum, as a hand-written loop
 * with no engine. Usage: {@code java -jar weir-bench.jar limit-keyed-sum [--records N] [--keys K]
 * [--parallelism P] [--map open|hashmap]} (keyed-sum's flags and defaults; checkpoint and state flags are
 * accepted and ignored).
 *
 * <p>{@code P} plain threads; thread {@code t} takes the records {@code i = t, t + P, t + 2P, …} of
 * {@code 0..N-1} and adds 1 to the running sum of key {@code perm(i % K)} in a map of its own, a
 * {@link LongLongMap} (open addressing, primitive longs, no objects per key). {@code perm} is a
 * multiplicative permutation of {@code 0..K-1}, so consecutive records hit keys far apart in memory, as
 * keyed-sum's hashed keys do. {@code --map hashmap} uses a {@code java.util.HashMap<Long, Long>} per thread
 * instead (a boxed key and value per update, as a naive heap state backend does): for comparison, not the
 * limit. When K is a multiple of P each thread owns K / P keys, as a keyed subtask
 * owns its key groups. Checks that the sums add up to N over exactly K keys ({@code verified=}); the
 * last line is {@code throughput_rps=} (records / time from the threads' start to the last one's end).
 */
final class LimitKeyedSum {
    private LimitKeyedSum() {
    }

    static void run(String[] args) throws InterruptedException {
        JobOptions options = JobOptions.parse(args);
        long records = options.getLong("records", 20_000_000);
        long keys = options.getLong("keys", 100_000);
        int parallelism = options.getInt("parallelism", 2);
        String mapKind = options.getString("map", "open");
        options.getString("checkpoint-interval-ms", null); // keyed-sum's flags, meaningless here
        options.getString("state", null);
        options.rejectUnknown();
        if (!mapKind.equals("open") && !mapKind.equals("hashmap")) {
            throw new IllegalArgumentException("limit-keyed-sum: option --map takes open or hashmap, got '" + mapKind + "'");
        }
        if (records < 0 || keys < 1 || parallelism < 1) {
            throw new IllegalArgumentException("limit-keyed-sum: --records must be >= 0, --keys and --parallelism >= 1");
        }
        long multiplier = coprimeMultiplier(keys);
        System.out.println("workload=limit-keyed-sum");
        System.out.println("records=" + records);
        System.out.println("keys=" + keys);
        System.out.println("parallelism=" + parallelism);
        System.out.println("map=" + (mapKind.equals("open") ? "open-addressing long->long" : "java.util.HashMap<Long,Long>")
                + ", one per thread; key order: (i % keys) * " + multiplier + " mod keys");
        LongLongMap[] maps = new LongLongMap[parallelism];
        @SuppressWarnings("unchecked")
        java.util.Map<Long, Long>[] hashMaps = new java.util.Map[parallelism];
        Thread[] threads = new Thread[parallelism];
        for (int t = 0; t < parallelism; t++) {
            int thread = t;
            maps[t] = new LongLongMap(16);
            hashMaps[t] = new java.util.HashMap<>();
            threads[t] = new Thread(mapKind.equals("open")
                    ? () -> sum(maps[thread], thread, parallelism, records, keys, multiplier)
                    : () -> sum(hashMaps[thread], thread, parallelism, records, keys, multiplier), "limit-keyed-sum-" + t);
        }
        long start = System.nanoTime();
        for (Thread thread : threads) {
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long total = 0;
        long distinct = 0;
        for (int t = 0; t < parallelism; t++) {
            total += maps[t].sumOfValues() + hashMaps[t].values().stream().mapToLong(Long::longValue).sum();
            distinct += maps[t].size() + hashMaps[t].size();
        }
        long expectedKeys = Math.min(keys, records);
        boolean verified = total == records && distinct == expectedKeys;
        System.out.println("verified=" + verified + (verified ? "" : " sum " + total + " over " + distinct
                + " keys, expected " + records + " over " + expectedKeys));
        System.out.println("duration_s=" + String.format(Locale.ROOT, "%.3f", seconds));
        System.out.println("throughput_rps=" + Math.round(records / seconds));
        if (!verified) {
            System.exit(1);
        }
    }

    /** One thread's share: records t, t + P, … each adding 1 to its scrambled key. */
    static void sum(LongLongMap map, int thread, int parallelism, long records, long keys, long multiplier) {
        for (long i = thread; i < records; i += parallelism) {
            long key = Math.floorMod((i % keys) * multiplier, keys);
            map.add(key, 1);
        }
    }

    /** The same with a {@code HashMap<Long, Long>}: a new boxed value per update, as a naive heap backend. */
    static void sum(java.util.Map<Long, Long> map, int thread, int parallelism, long records, long keys, long multiplier) {
        for (long i = thread; i < records; i += parallelism) {
            long key = Math.floorMod((i % keys) * multiplier, keys);
            map.merge(key, 1L, Long::sum);
        }
    }

    /** A multiplier coprime with {@code keys} near keys × 0.618, so {@code x * m mod keys} is a scrambling permutation. */
    static long coprimeMultiplier(long keys) {
        if (keys > (1L << 31)) {
            throw new IllegalArgumentException("limit-keyed-sum: --keys must be at most 2^31, was " + keys);
        }
        long m = Math.max(1, (long) (keys * 0.6180339887));
        while (gcd(m, keys) != 1) {
            m++;
        }
        return m;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /**
     * A map from long keys (not {@link Long#MIN_VALUE}) to long values: open addressing with linear
     * probing in one array of key and value side by side (a hit is one cache line), Fibonacci hashing,
     * load at most 1/2. Not thread-safe: one per thread.
     */
    static final class LongLongMap {
        private static final long EMPTY = Long.MIN_VALUE;
        private long[] slots; // key at 2s, value at 2s + 1
        private int mask;
        private int shift;
        private int size;

        LongLongMap(int capacity) {
            allocate(Integer.highestOneBit(Math.max(4, capacity) * 2 - 1));
        }

        /** Adds {@code delta} to the value of {@code key} (0 if absent). */
        void add(long key, long delta) {
            int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
            long[] s = slots;
            while (true) {
                long k = s[slot << 1];
                if (k == key) {
                    s[(slot << 1) + 1] += delta;
                    return;
                }
                if (k == EMPTY) {
                    s[slot << 1] = key;
                    s[(slot << 1) + 1] = delta;
                    if (++size > (mask + 1) >> 1) {
                        grow();
                    }
                    return;
                }
                slot = (slot + 1) & mask;
            }
        }

        /** The value of {@code key}, or {@code absent}. */
        long get(long key, long absent) {
            int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
            while (true) {
                long k = slots[slot << 1];
                if (k == key) {
                    return slots[(slot << 1) + 1];
                }
                if (k == EMPTY) {
                    return absent;
                }
                slot = (slot + 1) & mask;
            }
        }

        int size() {
            return size;
        }

        long sumOfValues() {
            long sum = 0;
            for (int i = 0; i < slots.length; i += 2) {
                sum += slots[i] == EMPTY ? 0 : slots[i + 1];
            }
            return sum;
        }

        private void allocate(int capacity) {
            slots = new long[capacity * 2];
            Arrays.fill(slots, EMPTY);
            mask = capacity - 1;
            shift = 64 - Integer.numberOfTrailingZeros(capacity);
            size = 0;
        }

        private void grow() {
            long[] old = slots;
            allocate((mask + 1) * 2);
            for (int i = 0; i < old.length; i += 2) {
                if (old[i] != EMPTY) {
                    add(old[i], old[i + 1]);
                }
            }
        }
    }
}
