package dev.weir.flink.translate.window;

import org.apache.flink.api.common.state.AggregatingState;
import org.apache.flink.api.common.state.AggregatingStateDescriptor;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReducingState;
import org.apache.flink.api.common.state.ReducingStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;

/**
 * A trigger's partitioned state (scoped to the current key and window) as Flink's keyed state store, so that core's
 * Weir store over it gives a Weir trigger its state. Re-aimed at each call's trigger context; only the state kinds a
 * Weir trigger can ask for (Flink's first API) are there.
 */
final class TriggerStateStore implements KeyedStateStore {

    Trigger.TriggerContext context;

    @Override
    public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
        return context.getPartitionedState(descriptor);
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        return context.getPartitionedState(descriptor);
    }

    @Override
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
        return context.getPartitionedState(descriptor);
    }

    @Override
    public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(
            AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        return context.getPartitionedState(descriptor);
    }

    @Override
    public <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> descriptor) {
        return context.getPartitionedState(descriptor);
    }

    @Override
    public <T> org.apache.flink.api.common.state.v2.ValueState<T> getValueState(
            org.apache.flink.api.common.state.v2.ValueStateDescriptor<T> descriptor) {
        throw new UnsupportedOperationException("Flink's asynchronous state is not a trigger's");
    }

    @Override
    public <T> org.apache.flink.api.common.state.v2.ListState<T> getListState(
            org.apache.flink.api.common.state.v2.ListStateDescriptor<T> descriptor) {
        throw new UnsupportedOperationException("Flink's asynchronous state is not a trigger's");
    }

    @Override
    public <UK, UV> org.apache.flink.api.common.state.v2.MapState<UK, UV> getMapState(
            org.apache.flink.api.common.state.v2.MapStateDescriptor<UK, UV> descriptor) {
        throw new UnsupportedOperationException("Flink's asynchronous state is not a trigger's");
    }

    @Override
    public <T> org.apache.flink.api.common.state.v2.ReducingState<T> getReducingState(
            org.apache.flink.api.common.state.v2.ReducingStateDescriptor<T> descriptor) {
        throw new UnsupportedOperationException("Flink's asynchronous state is not a trigger's");
    }

    @Override
    public <IN, ACC, OUT> org.apache.flink.api.common.state.v2.AggregatingState<IN, OUT> getAggregatingState(
            org.apache.flink.api.common.state.v2.AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        throw new UnsupportedOperationException("Flink's asynchronous state is not a trigger's");
    }

    @Override
    public String getBackendTypeIdentifier() {
        return "trigger";
    }
}
