package dev.weir.flink.translate.bridge;

import dev.weir.api.state.AggregatingState;
import dev.weir.api.state.AggregatingStateDescriptor;
import dev.weir.api.state.KeyedStateStore;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ReducingState;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.flink.translate.PlanRef;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * Weir's keyed state store over Flink's keyed state (of a runtime context or of a function initialization
 * context): each Weir descriptor becomes Flink's ({@link StateDescriptors}), each Flink state is wrapped in Weir's
 * interface. Flink fails a keyed state asked for on a non-keyed stream, with its own message.
 */
public final class WeirKeyedStateStore implements KeyedStateStore {

    /** The five kinds of Flink keyed state, from whichever Flink object provides them. */
    interface FlinkStates {
        <T> org.apache.flink.api.common.state.ValueState<T> value(
                org.apache.flink.api.common.state.ValueStateDescriptor<T> d);

        <T> org.apache.flink.api.common.state.ListState<T> list(
                org.apache.flink.api.common.state.ListStateDescriptor<T> d);

        <T> org.apache.flink.api.common.state.ReducingState<T> reducing(
                org.apache.flink.api.common.state.ReducingStateDescriptor<T> d);

        <I, A, O> org.apache.flink.api.common.state.AggregatingState<I, O> aggregating(
                org.apache.flink.api.common.state.AggregatingStateDescriptor<I, A, O> d);

        <K, V> org.apache.flink.api.common.state.MapState<K, V> map(
                org.apache.flink.api.common.state.MapStateDescriptor<K, V> d);
    }

    private final PlanRef ref;
    private final FlinkStates flink;

    private WeirKeyedStateStore(PlanRef ref, FlinkStates flink) {
        this.ref = ref;
        this.flink = flink;
    }

    /** The keyed state of a Flink function's runtime context. */
    public static WeirKeyedStateStore of(PlanRef ref, RuntimeContext context) {
        return new WeirKeyedStateStore(ref, new FlinkStates() {
            @Override
            public <T> org.apache.flink.api.common.state.ValueState<T> value(
                    org.apache.flink.api.common.state.ValueStateDescriptor<T> d) {
                return context.getState(d);
            }

            @Override
            public <T> org.apache.flink.api.common.state.ListState<T> list(
                    org.apache.flink.api.common.state.ListStateDescriptor<T> d) {
                return context.getListState(d);
            }

            @Override
            public <T> org.apache.flink.api.common.state.ReducingState<T> reducing(
                    org.apache.flink.api.common.state.ReducingStateDescriptor<T> d) {
                return context.getReducingState(d);
            }

            @Override
            public <I, A, O> org.apache.flink.api.common.state.AggregatingState<I, O> aggregating(
                    org.apache.flink.api.common.state.AggregatingStateDescriptor<I, A, O> d) {
                return context.getAggregatingState(d);
            }

            @Override
            public <K, V> org.apache.flink.api.common.state.MapState<K, V> map(
                    org.apache.flink.api.common.state.MapStateDescriptor<K, V> d) {
                return context.getMapState(d);
            }
        });
    }

    /** Flink's keyed state store (of a function initialization context); null stays null (a non-keyed operator). */
    public static WeirKeyedStateStore of(PlanRef ref, org.apache.flink.api.common.state.KeyedStateStore store) {
        if (store == null) {
            return null;
        }
        return new WeirKeyedStateStore(ref, new FlinkStates() {
            @Override
            public <T> org.apache.flink.api.common.state.ValueState<T> value(
                    org.apache.flink.api.common.state.ValueStateDescriptor<T> d) {
                return store.getState(d);
            }

            @Override
            public <T> org.apache.flink.api.common.state.ListState<T> list(
                    org.apache.flink.api.common.state.ListStateDescriptor<T> d) {
                return store.getListState(d);
            }

            @Override
            public <T> org.apache.flink.api.common.state.ReducingState<T> reducing(
                    org.apache.flink.api.common.state.ReducingStateDescriptor<T> d) {
                return store.getReducingState(d);
            }

            @Override
            public <I, A, O> org.apache.flink.api.common.state.AggregatingState<I, O> aggregating(
                    org.apache.flink.api.common.state.AggregatingStateDescriptor<I, A, O> d) {
                return store.getAggregatingState(d);
            }

            @Override
            public <K, V> org.apache.flink.api.common.state.MapState<K, V> map(
                    org.apache.flink.api.common.state.MapStateDescriptor<K, V> d) {
                return store.getMapState(d);
            }
        });
    }

    @Override
    public <T> ValueState<T> getState(ValueStateDescriptor<T> stateProperties) {
        return new WeirStates.Value<>(flink.value(StateDescriptors.value(ref, stateProperties)));
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> stateProperties) {
        return new WeirStates.Listed<>(flink.list(StateDescriptors.list(ref, stateProperties)));
    }

    @Override
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> stateProperties) {
        return new WeirStates.Reducing<>(flink.reducing(StateDescriptors.reducing(ref, stateProperties)));
    }

    @Override
    public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(
            AggregatingStateDescriptor<IN, ACC, OUT> stateProperties) {
        return new WeirStates.Aggregating<>(flink.aggregating(StateDescriptors.aggregating(ref, stateProperties)));
    }

    @Override
    public <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> stateProperties) {
        return new WeirStates.Mapped<>(flink.map(StateDescriptors.map(ref, stateProperties)));
    }
}
