package dev.weir.state.ttl;

import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.ReduceFunction;
import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.state.AggregatingState;
import dev.weir.api.state.AggregatingStateDescriptor;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ReducingState;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.state.StateTtlConfig;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The TTL layer of a keyed state backend: for a descriptor with {@link StateDescriptor#enableTimeToLive
 * time-to-live}, registers the backend's own state for {@link TtlValue}s (through a {@link TtlSerializer}
 * around the user's serializer) and wraps its handle in one that applies the {@link TtlPolicy}. The rules
 * live here once for every backend; a backend only stores the wrapped values and runs the cleanup passes
 * over its storage ({@link TtlStorage}). Task thread only.
 */
public final class TtlStateFactory {
    private final TtlStorage storage;
    private final LongSupplier clock;
    private final Map<String, Object> handles = new HashMap<>();

    /** @param clock the task's processing-time clock (ms), read on each access */
    public TtlStateFactory(TtlStorage storage, LongSupplier clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** Whether {@code descriptor} asks for time-to-live (then register it through this factory). */
    public static boolean hasTtl(StateDescriptor descriptor) {
        return descriptor.getTtlConfig().isEnabled();
    }

    /** Refuses time-to-live on a state that cannot expire, naming the state and saying what to do. */
    public static void refuseTtl(StateDescriptor descriptor, String what) {
        if (hasTtl(descriptor)) {
            throw new UnsupportedOperationException(what + " '" + descriptor.getName() + "' cannot have a time-to-live "
                    + "(enableTimeToLive with " + descriptor.getTtlConfig() + "): only the keyed state a function "
                    + "registers through its runtime context (or a window function's globalState()) expires; remove "
                    + "the enableTimeToLive call from its descriptor");
        }
    }

    public <T> ValueState<T> valueState(ValueStateDescriptor<T> descriptor) {
        TtlPolicy policy = policyOf(descriptor);
        return cached(descriptor, () -> new TtlValueState<>(storage.ttlValueState(new ValueStateDescriptor<>(
                descriptor.getName(), new TtlSerializer<>(this.<T>serializer(descriptor, 0))), policy), policy,
                access(descriptor)));
    }

    public <T> ListState<T> listState(ListStateDescriptor<T> descriptor) {
        TtlPolicy policy = policyOf(descriptor);
        return cached(descriptor, () -> new TtlListState<>(storage.ttlListState(new ListStateDescriptor<>(
                descriptor.getName(), new TtlSerializer<>(this.<T>serializer(descriptor, 0))), policy), policy,
                access(descriptor)));
    }

    public <K, V> MapState<K, V> mapState(MapStateDescriptor<K, V> descriptor) {
        TtlPolicy policy = policyOf(descriptor);
        return cached(descriptor, () -> new TtlMapState<>(storage.ttlMapState(new MapStateDescriptor<>(
                descriptor.getName(), this.<K>serializer(descriptor, 0),
                new TtlSerializer<>(this.<V>serializer(descriptor, 1))), policy), policy, access(descriptor)));
    }

    public <T> ReducingState<T> reducingState(ReducingStateDescriptor<T> descriptor) {
        TtlPolicy policy = policyOf(descriptor);
        ReduceFunction<TtlValue<T>> reduce = reduceFunction(descriptor.getReduceFunction(), policy);
        return cached(descriptor, () -> new TtlReducingState<>(storage.ttlReducingState(new ReducingStateDescriptor<>(
                descriptor.getName(), reduce, new TtlSerializer<>(this.<T>serializer(descriptor, 0))), policy), policy,
                access(descriptor)));
    }

    public <IN, ACC, OUT> AggregatingState<IN, OUT> aggregatingState(AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        TtlPolicy policy = policyOf(descriptor);
        AggregateFunction<IN, ACC, OUT> user = descriptor.getAggregateFunction();
        AggregateFunction<Object, TtlValue<ACC>, TtlValue<ACC>> wrapped = new TtlAggregatingState.Function<>(user, policy);
        return cached(descriptor, () -> new TtlAggregatingState<>(storage.ttlAggregatingState(
                new AggregatingStateDescriptor<>(descriptor.getName(), wrapped,
                        new TtlSerializer<>(this.<ACC>serializer(descriptor, 0))), policy), user, policy,
                access(descriptor)));
    }

    /** Reduces two timestamped values; an expired accumulated value is dropped instead of reduced. */
    private static <T> ReduceFunction<TtlValue<T>> reduceFunction(ReduceFunction<T> user, TtlPolicy policy) {
        return (accumulated, added) -> policy.expired(accumulated, added.lastAccess())
                ? added : new TtlValue<>(user.reduce(accumulated.value(), added.value()), added.lastAccess());
    }

    private TtlPolicy policyOf(StateDescriptor descriptor) {
        StateTtlConfig config = descriptor.getTtlConfig();
        if (config.getTtlTimeCharacteristic() != StateTtlConfig.TtlTimeCharacteristic.ProcessingTime) {
            throw new UnsupportedOperationException("keyed state '" + descriptor.getName() + "' asks for time-to-live "
                    + "in " + config.getTtlTimeCharacteristic() + ", which Weir does not support; use processing time");
        }
        return new TtlPolicy(config, clock);
    }

    /** The incremental cleanup step run on each access, or nothing (the raw state is registered by then). */
    private Runnable access(StateDescriptor descriptor) {
        StateTtlConfig.IncrementalCleanupStrategy incremental =
                descriptor.getTtlConfig().getCleanupStrategies().getIncrementalCleanupStrategy();
        if (incremental == null) {
            return () -> { };
        }
        return storage.incrementalCleanup(descriptor.getName(), incremental.getCleanupSize());
    }

    private <T> TypeSerializer<T> serializer(StateDescriptor descriptor, int storedType) {
        return storage.serializers().forState(descriptor.getStoredTypes().get(storedType),
                "keyed state '" + descriptor.getName() + "'");
    }

    /** One handle per state name; the backend checks that a second registration has the same types. */
    @SuppressWarnings("unchecked")
    private <S> S cached(StateDescriptor descriptor, java.util.function.Supplier<S> create) {
        Object existing = handles.get(descriptor.getName());
        if (existing != null) {
            create.get(); // the backend compares the descriptor with the registered one (and returns its handle)
            return (S) existing;
        }
        S handle = create.get();
        handles.put(descriptor.getName(), handle);
        return handle;
    }
}
