package dev.weir.flink.translate.bridge;

import dev.weir.api.state.BroadcastState;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.OperatorStateStore;
import dev.weir.flink.translate.PlanRef;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Weir's operator state store over Flink's: list, union list and broadcast state from Weir descriptors, with
 * Weir's serializers, kept in Flink's checkpoints and redistributed by Flink on rescale as Flink's are.
 */
public final class WeirOperatorStateStore implements OperatorStateStore {

    private final PlanRef ref;
    private final org.apache.flink.api.common.state.OperatorStateStore flink;

    public WeirOperatorStateStore(PlanRef ref, org.apache.flink.api.common.state.OperatorStateStore flink) {
        this.ref = ref;
        this.flink = flink;
    }

    @Override
    public <S> ListState<S> getListState(ListStateDescriptor<S> stateDescriptor) throws Exception {
        return new WeirStates.Listed<>(flink.getListState(StateDescriptors.list(ref, stateDescriptor)));
    }

    @Override
    public <S> ListState<S> getUnionListState(ListStateDescriptor<S> stateDescriptor) throws Exception {
        return new WeirStates.Listed<>(flink.getUnionListState(StateDescriptors.list(ref, stateDescriptor)));
    }

    @Override
    public <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> stateDescriptor) throws Exception {
        return new Broadcast<>(flink.getBroadcastState(StateDescriptors.map(ref, stateDescriptor)));
    }

    @Override
    public Set<String> getRegisteredStateNames() {
        return flink.getRegisteredStateNames();
    }

    @Override
    public Set<String> getRegisteredBroadcastStateNames() {
        return flink.getRegisteredBroadcastStateNames();
    }

    /** Weir's broadcast state over Flink's (also Weir's read-only view of it). */
    public record Broadcast<K, V>(org.apache.flink.api.common.state.BroadcastState<K, V> flink)
            implements BroadcastState<K, V> {
        @Override
        public void put(K key, V value) throws Exception {
            flink.put(key, value);
        }

        @Override
        public void putAll(Map<K, V> map) throws Exception {
            flink.putAll(map);
        }

        @Override
        public void remove(K key) throws Exception {
            flink.remove(key);
        }

        @Override
        public Iterator<Map.Entry<K, V>> iterator() throws Exception {
            return flink.iterator();
        }

        @Override
        public Iterable<Map.Entry<K, V>> entries() throws Exception {
            return flink.entries();
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
