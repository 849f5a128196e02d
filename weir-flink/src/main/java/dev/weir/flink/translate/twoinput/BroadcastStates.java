package dev.weir.flink.translate.twoinput;

import dev.weir.api.dag.Transformation;
import dev.weir.api.state.BroadcastState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ReadOnlyBroadcastState;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.TranslationException;
import dev.weir.flink.translate.bridge.StateDescriptors;
import dev.weir.flink.translate.bridge.WeirOperatorStateStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Weir's broadcast state over Flink's: Weir {@code MapStateDescriptor}s become Flink's of the same name whose keys
 * and values Weir's serializers write (core's {@link StateDescriptors}), and Flink's broadcast state handles are seen
 * through Weir's interfaces (writable: core's {@link WeirOperatorStateStore.Broadcast}).
 * {@link #of} is used at translation and again in each subtask (it depends only on the plan), so both build equal
 * descriptors.
 */
public final class BroadcastStates {

    private final Map<String, org.apache.flink.api.common.state.MapStateDescriptor<Object, Object>> descriptors;

    private BroadcastStates(Map<String, org.apache.flink.api.common.state.MapStateDescriptor<Object, Object>> descriptors) {
        this.descriptors = descriptors;
    }

    /** The Flink descriptors of the broadcast states {@code node} names. */
    @SuppressWarnings("unchecked")
    public static BroadcastStates of(PlanRef ref, Transformation node, List<MapStateDescriptor<?, ?>> weir) {
        Map<String, org.apache.flink.api.common.state.MapStateDescriptor<Object, Object>> flink = new HashMap<>();
        for (MapStateDescriptor<?, ?> descriptor : weir) {
            if (descriptor.getKeyTypeInformation() == null || descriptor.getValueTypeInformation() == null) {
                throw new TranslationException(node, "its broadcast state '" + descriptor.getName() + "' was given "
                        + "hand-written serializers; the Flink runner needs the key and value types "
                        + "(new MapStateDescriptor<>(name, keyType, valueType))");
            }
            flink.put(descriptor.getName(), StateDescriptors.map(ref, (MapStateDescriptor<Object, Object>) descriptor));
        }
        return new BroadcastStates(flink);
    }

    /** Every Flink descriptor, for {@code DataStream.broadcast(..)}. */
    @SuppressWarnings("unchecked")
    public org.apache.flink.api.common.state.MapStateDescriptor<?, ?>[] all() {
        return descriptors.values().toArray(org.apache.flink.api.common.state.MapStateDescriptor[]::new);
    }

    /** The Flink descriptor of a Weir one. */
    @SuppressWarnings("unchecked")
    <K, V> org.apache.flink.api.common.state.MapStateDescriptor<K, V> flink(MapStateDescriptor<K, V> weir) {
        org.apache.flink.api.common.state.MapStateDescriptor<?, ?> flink = descriptors.get(weir.getName());
        if (flink == null) {
            throw new IllegalArgumentException("broadcast state '" + weir.getName() + "' is not one of the descriptors "
                    + "given to broadcast(..): " + descriptors.keySet());
        }
        return (org.apache.flink.api.common.state.MapStateDescriptor<K, V>) flink;
    }

    /** Weir's writable broadcast state over Flink's. */
    static <K, V> BroadcastState<K, V> writable(org.apache.flink.api.common.state.BroadcastState<K, V> flink) {
        return new WeirOperatorStateStore.Broadcast<>(flink);
    }

    /** Weir's read-only broadcast state over Flink's. */
    static <K, V> ReadOnlyBroadcastState<K, V> readOnly(org.apache.flink.api.common.state.ReadOnlyBroadcastState<K, V> flink) {
        return new ReadOnly<>(flink);
    }

    private static final class ReadOnly<K, V> implements ReadOnlyBroadcastState<K, V> {
        private final org.apache.flink.api.common.state.ReadOnlyBroadcastState<K, V> flink;

        ReadOnly(org.apache.flink.api.common.state.ReadOnlyBroadcastState<K, V> flink) {
            this.flink = flink;
        }

        @Override
        public V get(K key) throws Exception {
            return flink.get(key);
        }

        @Override
        public boolean contains(K key) throws Exception {
            return flink.contains(key);
        }

        @Override
        public Iterable<Map.Entry<K, V>> immutableEntries() throws Exception {
            return flink.immutableEntries();
        }

        @Override
        public void clear() {
            flink.clear();
        }
    }
}
