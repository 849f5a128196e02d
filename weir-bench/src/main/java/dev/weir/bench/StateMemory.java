package dev.weir.bench;

import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.bench.support.HeapMeasure;
import dev.weir.state.HeapKeyedStateBackend;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.KeyGroups;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Locale;

/**
 * Heap used per key by the heap state backend, for two kinds of value: a {@code ValueState<Long>}
 * (keyed-sum's state: a Long key and a Long sum) and a {@code ValueState<CountAndSum>}, a small POJO
 * (two longs, as an average's accumulator). Each kind fills its own backend owning all
 * {@value KeyGroups#DEFAULT_MAX_PARALLELISM} key groups (one subtask), through the keyed-state API as
 * an operator would ({@code setCurrentKey}, {@code update}); the figure is the heap in use after a full
 * GC with the filled backend reachable, minus the same before it was created, divided by the keys.
 * Flink's peer ({@code FlinkBenchmarks state-memory} in weir-bench-flink) measures its HashMap state
 * backend the same way.
 *
 * <p>Prints {@code bytes_per_key_value_long=} and {@code bytes_per_key_pojo=} (with the MB and the keys
 * stored per kind), and {@code object_bytes_per_key_value_long=} / {@code object_bytes_per_key_pojo=}: the
 * same from the bytes of live objects (the class histogram), which leave out the collector's layout (G1
 * gives an array of half a region or more whole regions of its own), then {@code throughput_rps=}, the keys put per second while filling (both kinds), so
 * that {@code SideBySide} accepts the run. 10 M keys need about {@code -Xmx4g}.
 */
final class StateMemory {

    /** The POJO value: public, with a public no-argument constructor and public fields, in both systems. */
    public static final class CountAndSum {
        public long count;
        public long sum;

        public CountAndSum() {
        }

        CountAndSum(long count, long sum) {
            this.count = count;
            this.sum = sum;
        }
    }

    private StateMemory() {
    }

    static void run(long keys) {
        System.out.println("workload=state-memory");
        System.out.println("keys=" + keys);
        System.out.println("java=" + System.getProperty("java.version") + " max_heap_mb="
                + Runtime.getRuntime().maxMemory() / (1 << 20));
        long fillNanos = 0;
        for (String kind : new String[] {"value_long", "pojo"}) {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long before = HeapMeasure.liveHeap(memory);
            long objectsBefore = HeapMeasure.objectBytes();
            HeapKeyedStateBackend backend = new HeapKeyedStateBackend(
                    new KeyGroupRange(0, KeyGroups.DEFAULT_MAX_PARALLELISM - 1), KeyGroups.DEFAULT_MAX_PARALLELISM);
            long start = System.nanoTime();
            if (kind.equals("value_long")) {
                ValueState<Long> sum = backend.getState(new ValueStateDescriptor<>(kind, Long.class));
                for (long key = 0; key < keys; key++) {
                    backend.setCurrentKey(key);
                    sum.update(key + 1_000_000L); // outside Long's small-value cache, as real sums are
                }
            } else {
                ValueState<CountAndSum> pojo = backend.getState(new ValueStateDescriptor<>(kind, CountAndSum.class));
                for (long key = 0; key < keys; key++) {
                    backend.setCurrentKey(key);
                    pojo.update(new CountAndSum(1, key + 1_000_000L));
                }
            }
            fillNanos += System.nanoTime() - start;
            long after = HeapMeasure.liveHeap(memory);
            long objectsAfter = HeapMeasure.objectBytes();
            long stored = backend.countKeys(kind);
            Reference.reachabilityFence(backend); // the filled backend must be live during the second measurement
            System.out.println(kind + "_keys=" + stored);
            System.out.println(kind + "_heap_mb=" + (after - before) / (1 << 20));
            System.out.println("bytes_per_key_" + kind + "=" + String.format(Locale.ROOT, "%.1f",
                    (after - before) / (double) Math.max(1, keys)));
            System.out.println("object_bytes_per_key_" + kind + "=" + String.format(Locale.ROOT, "%.1f",
                    (objectsAfter - objectsBefore) / (double) Math.max(1, keys)));
            backend.close();
        }
        System.out.println("throughput_rps=" + Math.round(2 * keys / (fillNanos / 1e9)));
    }
}
