package dev.weir.runtime.operators;

import dev.weir.api.functions.BaseBroadcastProcessFunction;
import dev.weir.api.state.BroadcastState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.state.BroadcastStates;
import dev.weir.state.KeyedStateBackend;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shared part of the operators that run a broadcast process function: input 1 is the non-broadcast
 * stream, input 2 the broadcast records. The broadcast states of the descriptors given to
 * {@code broadcast(..)} live in the subtask's operator state backend (registered before the function
 * opens, so that restored copies are there from the start and every snapshot holds them); alignment,
 * watermarks, keyed state and timers are those of any two-input operator.
 */
abstract class BroadcastOperator<IN1, IN2, OUT, F extends BaseBroadcastProcessFunction>
        extends FunctionOperator<IN1, OUT, F> implements TwoInputStreamOperator<IN1, IN2>, KeyedOperator {
    private final List<MapStateDescriptor<?, ?>> descriptors;
    /** Per name: the descriptor given to {@code broadcast(..)} and its state, writable and read-only. */
    private final Map<String, Registered> states = new HashMap<>();

    private record Registered(MapStateDescriptor<?, ?> descriptor, BroadcastState<?, ?> writable,
                              BroadcastState<?, ?> readOnly) {
    }

    BroadcastOperator(F function, List<MapStateDescriptor<?, ?>> descriptors) {
        super(function);
        this.descriptors = List.copyOf(descriptors);
    }

    @Override
    void beforeFunctionOpen(OperatorContext context) {
        BroadcastStates broadcastStates = operatorState().broadcastStates();
        for (MapStateDescriptor<?, ?> descriptor : descriptors) {
            states.put(descriptor.getName(), new Registered(descriptor, operatorState().getBroadcastState(descriptor),
                    broadcastStates.readOnly(descriptor, context.serializers())));
        }
    }

    /**
     * The state of {@code descriptor}, read-write for a broadcast record, else read-only. Per record: a
     * lookup by name, the types compared only for a descriptor other than the one given to {@code broadcast(..)}.
     */
    @SuppressWarnings("unchecked")
    final <K, V> BroadcastState<K, V> broadcastState(MapStateDescriptor<K, V> descriptor, boolean writable) {
        Registered registered = states.get(descriptor.getName());
        if (registered == null) {
            throw new IllegalArgumentException("broadcast state '" + descriptor.getName() + "' is not one of those of "
                    + info.describe() + " " + descriptors.stream().map(MapStateDescriptor::getName).toList()
                    + ": give its descriptor to broadcast(..)");
        }
        if (registered.descriptor() != descriptor
                && !registered.descriptor().getStoredTypes().equals(descriptor.getStoredTypes())) {
            throw new IllegalArgumentException("broadcast state '" + descriptor.getName() + "' of " + info.describe()
                    + " was given to broadcast(..) as " + registered.descriptor() + ", not as " + descriptor);
        }
        return (BroadcastState<K, V>) (writable ? registered.writable() : registered.readOnly());
    }

    @Override
    public KeyedStateBackend keyedStateBackend() {
        return keyedState;
    }
}
