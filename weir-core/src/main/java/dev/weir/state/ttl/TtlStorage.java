package dev.weir.state.ttl;

import dev.weir.api.state.AggregatingState;
import dev.weir.api.state.AggregatingStateDescriptor;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ReducingState;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.state.serialization.Serializers;

/**
 * What a keyed state backend offers the TTL layer ({@link TtlStateFactory}): its plain state handles,
 * registered for descriptors whose stored values are {@link TtlValue}s and marked in the backend's
 * snapshots as states with time-to-live, and the cleanup passes that walk its storage. Task thread only.
 */
public interface TtlStorage {

    /** The serializers the backend resolves stored types with. */
    Serializers serializers();

    <T> ValueState<T> ttlValueState(ValueStateDescriptor<T> raw, TtlPolicy policy);

    <T> ListState<T> ttlListState(ListStateDescriptor<T> raw, TtlPolicy policy);

    <K, V> MapState<K, V> ttlMapState(MapStateDescriptor<K, V> raw, TtlPolicy policy);

    <T> ReducingState<T> ttlReducingState(ReducingStateDescriptor<T> raw, TtlPolicy policy);

    <IN, ACC, OUT> AggregatingState<IN, OUT> ttlAggregatingState(AggregatingStateDescriptor<IN, ACC, OUT> raw,
                                                                 TtlPolicy policy);

    /**
     * The incremental cleanup step of the named state, registered before: each run checks up to {@code entries}
     * further entries (continuing where the last step stopped) and removes the expired ones. Asked for once per
     * state, so that a step finds its state without a lookup by name.
     */
    Runnable incrementalCleanup(String stateName, int entries);
}
