package dev.weir.runtime.operators;

import dev.weir.api.functions.BaseBroadcastProcessFunction;
import dev.weir.api.state.BroadcastState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.state.BroadcastStates;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.serialization.Serializers;
import java.util.List;

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
    private BroadcastStates broadcastStates;
    private Serializers serializers;

    BroadcastOperator(F function, List<MapStateDescriptor<?, ?>> descriptors) {
        super(function);
        this.descriptors = List.copyOf(descriptors);
    }

    @Override
    void beforeFunctionOpen(OperatorContext context) {
        serializers = context.serializers();
        broadcastStates = operatorState().broadcastStates();
        for (MapStateDescriptor<?, ?> descriptor : descriptors) {
            operatorState().getBroadcastState(descriptor);
        }
    }

    /** The state of {@code descriptor}, read-write for a broadcast record, else read-only. */
    final <K, V> BroadcastState<K, V> broadcastState(MapStateDescriptor<K, V> descriptor, boolean writable) {
        check(descriptor);
        return writable ? operatorState().getBroadcastState(descriptor) : broadcastStates.readOnly(descriptor, serializers);
    }

    private void check(MapStateDescriptor<?, ?> descriptor) {
        for (MapStateDescriptor<?, ?> known : descriptors) {
            if (known.getName().equals(descriptor.getName())) {
                return;
            }
        }
        throw new IllegalArgumentException("broadcast state '" + descriptor.getName() + "' is not one of those of "
                + info.describe() + " " + descriptors.stream().map(MapStateDescriptor::getName).toList()
                + ": give its descriptor to broadcast(..)");
    }

    @Override
    public KeyedStateBackend keyedStateBackend() {
        return keyedState;
    }
}
