package dev.weir.bench;

import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.state.HeapKeyedStateBackend;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.KeyGroups;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap used per key by the heap state backend, as keyed-sum stores it (a Long key and a Long
 * sum in one ValueState): fills one backend owning all key groups, then compares the live heap
 * after a full GC with the live heap before.
 */
final class StateMemory {
    private StateMemory() {
    }

    static void run(long keys) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = liveHeap(memory);
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(
                new KeyGroupRange(0, KeyGroups.DEFAULT_MAX_PARALLELISM - 1), KeyGroups.DEFAULT_MAX_PARALLELISM);
        ValueState<Long> sum = backend.getState(new ValueStateDescriptor<>("sum", Long.class));
        for (long key = 0; key < keys; key++) {
            backend.setCurrentKey(key);
            sum.update(key + 1_000_000L); // outside Long's small-value cache, as real sums are
        }
        long after = liveHeap(memory);
        System.out.println("state_keys=" + backend.countKeys("sum"));
        System.out.println("state_heap_mb=" + (after - before) / (1 << 20));
        System.out.println("heap_bytes_per_key=" + (after - before) / Math.max(1, keys));
    }

    private static long liveHeap(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
