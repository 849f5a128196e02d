package dev.weir.flink.translate.functions;

import dev.weir.api.state.AggregatingStateDescriptor;
import dev.weir.api.state.KeyedStateStore;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.state.State;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.bridge.StateDescriptors;

/**
 * Keyed state named by a Weir descriptor of any kind (where Weir's API takes a plain {@code StateDescriptor}: a
 * trigger's partitioned state, {@code applyToKeyedState}): the state of that kind from a Weir store, or the Flink
 * descriptor of that kind (core's {@link StateDescriptors}).
 */
public final class StatesByDescriptor {

    private StatesByDescriptor() {
    }

    /** The state {@code descriptor} names, from {@code store}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static State state(KeyedStateStore store, StateDescriptor descriptor) {
        if (descriptor instanceof ValueStateDescriptor value) {
            return store.getState(value);
        }
        if (descriptor instanceof ListStateDescriptor list) {
            return store.getListState(list);
        }
        if (descriptor instanceof ReducingStateDescriptor reducing) {
            return store.getReducingState(reducing);
        }
        if (descriptor instanceof AggregatingStateDescriptor aggregating) {
            return store.getAggregatingState(aggregating);
        }
        if (descriptor instanceof MapStateDescriptor map) {
            return store.getMapState(map);
        }
        throw unknown(descriptor);
    }

    /** The Flink descriptor of {@code descriptor}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static org.apache.flink.api.common.state.StateDescriptor<?, ?> flink(PlanRef ref, StateDescriptor descriptor) {
        if (descriptor instanceof ValueStateDescriptor value) {
            return StateDescriptors.value(ref, value);
        }
        if (descriptor instanceof ListStateDescriptor list) {
            return StateDescriptors.list(ref, list);
        }
        if (descriptor instanceof ReducingStateDescriptor reducing) {
            return StateDescriptors.reducing(ref, reducing);
        }
        if (descriptor instanceof AggregatingStateDescriptor aggregating) {
            return StateDescriptors.aggregating(ref, aggregating);
        }
        if (descriptor instanceof MapStateDescriptor map) {
            return StateDescriptors.map(ref, map);
        }
        throw unknown(descriptor);
    }

    private static IllegalArgumentException unknown(StateDescriptor descriptor) {
        return new IllegalArgumentException("state '" + descriptor.getName() + "': the Flink runner has no keyed "
                + "state of kind " + descriptor.getType() + " (" + descriptor.getClass().getName() + ")");
    }
}
