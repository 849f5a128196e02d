package dev.weir.flink.translate.bridge;

import dev.weir.api.state.AggregatingStateDescriptor;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.state.StateTtlConfig;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.types.FlinkTypes;

/**
 * Flink's state descriptors for Weir's: same name, Weir's serializers for the stored types (the descriptor's
 * hand-written one, or Weir's for its type), and the time-to-live as Flink's {@code StateTtlConfig}. The reduce and
 * aggregate functions are Weir's, called through small Flink adapters (the descriptors are made in the TaskManager
 * and never serialized).
 */
public final class StateDescriptors {

    private StateDescriptors() {
    }

    public static <T> org.apache.flink.api.common.state.ValueStateDescriptor<T> value(PlanRef ref,
                                                                                      ValueStateDescriptor<T> weir) {
        var flink = new org.apache.flink.api.common.state.ValueStateDescriptor<T>(weir.getName(),
                FlinkTypes.<T>ofState(ref, weir.getStoredTypes().get(0)));
        return withTtl(flink, weir);
    }

    public static <T> org.apache.flink.api.common.state.ListStateDescriptor<T> list(PlanRef ref,
                                                                                    ListStateDescriptor<T> weir) {
        var flink = new org.apache.flink.api.common.state.ListStateDescriptor<T>(weir.getName(),
                FlinkTypes.<T>ofState(ref, weir.getStoredTypes().get(0)));
        return withTtl(flink, weir);
    }

    public static <K, V> org.apache.flink.api.common.state.MapStateDescriptor<K, V> map(PlanRef ref,
                                                                                        MapStateDescriptor<K, V> weir) {
        var flink = new org.apache.flink.api.common.state.MapStateDescriptor<K, V>(weir.getName(),
                FlinkTypes.<K>ofState(ref, weir.getStoredTypes().get(0)),
                FlinkTypes.<V>ofState(ref, weir.getStoredTypes().get(1)));
        return withTtl(flink, weir);
    }

    public static <T> org.apache.flink.api.common.state.ReducingStateDescriptor<T> reducing(
            PlanRef ref, ReducingStateDescriptor<T> weir) {
        dev.weir.api.functions.ReduceFunction<T> reducer = weir.getReduceFunction();
        org.apache.flink.api.common.functions.ReduceFunction<T> flinkReducer = reducer::reduce;
        var flink = new org.apache.flink.api.common.state.ReducingStateDescriptor<T>(weir.getName(), flinkReducer,
                FlinkTypes.<T>ofState(ref, weir.getStoredTypes().get(0)));
        return withTtl(flink, weir);
    }

    public static <I, A, O> org.apache.flink.api.common.state.AggregatingStateDescriptor<I, A, O> aggregating(
            PlanRef ref, AggregatingStateDescriptor<I, A, O> weir) {
        var flink = new org.apache.flink.api.common.state.AggregatingStateDescriptor<I, A, O>(weir.getName(),
                new FlinkAggregateFunction<>(weir.getAggregateFunction()),
                FlinkTypes.<A>ofState(ref, weir.getStoredTypes().get(0)));
        return withTtl(flink, weir);
    }

    private static <D extends org.apache.flink.api.common.state.StateDescriptor<?, ?>> D withTtl(D flink,
                                                                                                 StateDescriptor weir) {
        org.apache.flink.api.common.state.StateTtlConfig ttl = ttl(weir.getTtlConfig());
        if (ttl != null) {
            flink.enableTimeToLive(ttl);
        }
        return flink;
    }

    /** Flink's form of a Weir time-to-live, or null when it is disabled. */
    static org.apache.flink.api.common.state.StateTtlConfig ttl(StateTtlConfig weir) {
        if (weir == null || !weir.isEnabled()) {
            return null;
        }
        var builder = org.apache.flink.api.common.state.StateTtlConfig.newBuilder(weir.getTimeToLive())
                .setUpdateType(weir.getUpdateType() == StateTtlConfig.UpdateType.OnReadAndWrite
                        ? org.apache.flink.api.common.state.StateTtlConfig.UpdateType.OnReadAndWrite
                        : org.apache.flink.api.common.state.StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(
                        weir.getStateVisibility() == StateTtlConfig.StateVisibility.ReturnExpiredIfNotCleanedUp
                        ? org.apache.flink.api.common.state.StateTtlConfig.StateVisibility.ReturnExpiredIfNotCleanedUp
                        : org.apache.flink.api.common.state.StateTtlConfig.StateVisibility.NeverReturnExpired)
                .setTtlTimeCharacteristic(
                        org.apache.flink.api.common.state.StateTtlConfig.TtlTimeCharacteristic.ProcessingTime);
        StateTtlConfig.CleanupStrategies cleanup = weir.getCleanupStrategies();
        if (cleanup.inFullSnapshot()) {
            builder.cleanupFullSnapshot();
        }
        if (cleanup.getIncrementalCleanupStrategy() != null) {
            builder.cleanupIncrementally(cleanup.getIncrementalCleanupStrategy().getCleanupSize(),
                    cleanup.getIncrementalCleanupStrategy().runCleanupForEveryRecord());
        } else if (!cleanup.isCleanupInBackground()) {
            builder.disableCleanupInBackground();
        }
        return builder.build();
    }

    /** Flink's aggregate function calling a Weir one (used in the TaskManager only, never serialized). */
    private record FlinkAggregateFunction<I, A, O>(dev.weir.api.functions.AggregateFunction<I, A, O> weir)
            implements org.apache.flink.api.common.functions.AggregateFunction<I, A, O> {
        @Override
        public A createAccumulator() {
            return weir.createAccumulator();
        }

        @Override
        public A add(I value, A accumulator) {
            return weir.add(value, accumulator);
        }

        @Override
        public O getResult(A accumulator) {
            return weir.getResult(accumulator);
        }

        @Override
        public A merge(A a, A b) {
            return weir.merge(a, b);
        }
    }
}
