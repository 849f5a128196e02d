package dev.weir.bench.flink;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import dev.weir.bench.support.HeapMeasure;
import java.lang.ref.Reference;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.core.fs.CloseableRegistry;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.query.KvStateRegistry;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.LocalRecoveryConfig;
import org.apache.flink.runtime.state.UncompressedStreamCompressionDecorator;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackendBuilder;
import org.apache.flink.runtime.state.heap.HeapPriorityQueueSetFactory;
import org.apache.flink.runtime.state.metrics.LatencyTrackingStateConfig;
import org.apache.flink.runtime.state.metrics.SizeTrackingStateConfig;
import org.apache.flink.runtime.state.ttl.TtlTimeProvider;

/**
 * Weir's {@code state-memory} workload on Flink's HashMap state backend: heap used per key for a
 * {@code ValueState<Long>} and for a {@code ValueState<CountAndSum>} (a POJO of two longs). Each kind
 * fills its own keyed backend of one subtask owning all 128 key groups (Flink's default maximum
 * parallelism for parallelism 1; Weir's default too), built by {@link HeapKeyedStateBackendBuilder}
 * with the arguments {@code HashMapStateBackend.createKeyedStateBackend} gives it (asynchronous,
 * copy-on-write snapshots; no latency or size tracking; no local recovery), and filled through the
 * keyed-state API as an operator does ({@code setCurrentKey}, {@code ValueState.update}). The
 * figure is the heap in use after a full GC with the filled backend reachable, minus the same before
 * it was built, divided by the keys; and the same from the bytes of live objects (the class histogram).
 * Prints the same lines as Weir's.
 */
final class StateMemory {

    /** The POJO value, as in Weir's benchmark: Flink's POJO rules (public, no-argument constructor, public fields). */
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

    private static final int KEY_GROUPS = 128;

    private StateMemory() {
    }

    static void run(long keys) throws Exception {
        System.out.println("engine=flink-2.3.0");
        System.out.println("workload=state-memory");
        System.out.println("keys=" + keys);
        System.out.println("java=" + System.getProperty("java.version") + " max_heap_mb="
                + Runtime.getRuntime().maxMemory() / (1 << 20));
        long fillNanos = 0;
        for (String kind : List.of("value_long", "pojo")) {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long before = HeapMeasure.liveHeap(memory);
            long objectsBefore = HeapMeasure.objectBytes();
            ExecutionConfig config = new ExecutionConfig();
            HeapKeyedStateBackend<Long> backend = backend(config);
            long start = System.nanoTime();
            if (kind.equals("value_long")) {
                ValueState<Long> sum = valueState(backend, config, new ValueStateDescriptor<>(kind, Types.LONG));
                for (long key = 0; key < keys; key++) {
                    backend.setCurrentKey(key);
                    sum.update(key + 1_000_000L); // outside Long's small-value cache, as real sums are
                }
            } else {
                ValueState<CountAndSum> pojo = valueState(backend, config,
                        new ValueStateDescriptor<>(kind, TypeInformation.of(CountAndSum.class)));
                for (long key = 0; key < keys; key++) {
                    backend.setCurrentKey(key);
                    pojo.update(new CountAndSum(1, key + 1_000_000L));
                }
            }
            fillNanos += System.nanoTime() - start;
            long after = HeapMeasure.liveHeap(memory);
            long objectsAfter = HeapMeasure.objectBytes();
            long stored = backend.numKeyValueStateEntries();
            Reference.reachabilityFence(backend);
            System.out.println(kind + "_keys=" + stored);
            System.out.println(kind + "_heap_mb=" + (after - before) / (1 << 20));
            System.out.println("bytes_per_key_" + kind + "=" + String.format(Locale.ROOT, "%.1f",
                    (after - before) / (double) Math.max(1, keys)));
            System.out.println("object_bytes_per_key_" + kind + "=" + String.format(Locale.ROOT, "%.1f",
                    (objectsAfter - objectsBefore) / (double) Math.max(1, keys)));
            backend.dispose();
        }
        System.out.println("throughput_rps=" + Math.round(2 * keys / (fillNanos / 1e9)));
    }

    private static HeapKeyedStateBackend<Long> backend(ExecutionConfig config) throws Exception {
        KeyGroupRange all = KeyGroupRange.of(0, KEY_GROUPS - 1);
        return new HeapKeyedStateBackendBuilder<>(
                new KvStateRegistry().createTaskRegistry(new JobID(), new JobVertexID()),
                LongSerializer.INSTANCE,
                StateMemory.class.getClassLoader(),
                KEY_GROUPS,
                all,
                config,
                TtlTimeProvider.DEFAULT,
                LatencyTrackingStateConfig.disabled(),
                SizeTrackingStateConfig.disabled(),
                List.of(),
                UncompressedStreamCompressionDecorator.INSTANCE,
                LocalRecoveryConfig.BACKUP_AND_RECOVERY_DISABLED,
                new HeapPriorityQueueSetFactory(all, KEY_GROUPS, 128),
                true,
                new CloseableRegistry()).build();
    }

    /** The state as a keyed operator gets it (DefaultKeyedStateStore: serializer initialised, void namespace). */
    private static <T> ValueState<T> valueState(HeapKeyedStateBackend<Long> backend, ExecutionConfig config,
                                                ValueStateDescriptor<T> descriptor) throws Exception {
        descriptor.initializeSerializerUnlessSet(config);
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor);
    }
}
