package dev.weir.state.ttl;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.StateTtlConfig;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.runtime.operators.windowing.WindowScopedStates;
import dev.weir.state.HeapKeyedStateBackend;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.serialization.Serializers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** States that cannot expire refuse a descriptor with a time-to-live, naming the state and what to do. */
class TtlRefusalsTest {
    private static final StateTtlConfig TTL = StateTtlConfig.newBuilder(Duration.ofSeconds(1)).build();

    private final HeapKeyedStateBackend backend = new HeapKeyedStateBackend(new KeyGroupRange(0, 127), 128);

    private static void assertNamesTheStateAndTheFix(Exception e, String what) {
        assertTrue(e.getMessage().contains(what) && e.getMessage().contains("remove the enableTimeToLive call"),
                e.getMessage());
    }

    @Test
    void windowScopedStateWithATimeToLiveIsRefused() {
        WindowScopedStates<Long> states = new WindowScopedStates<>(backend, Serializers.builtInOnly(),
                longs(), "window-state/");
        ValueStateDescriptor<String> descriptor = new ValueStateDescriptor<>("seen", String.class);
        descriptor.enableTimeToLive(TTL);
        assertNamesTheStateAndTheFix(assertThrows(UnsupportedOperationException.class,
                () -> states.getState(descriptor)), "window-scoped state (a trigger's or windowState()) 'seen'");
    }

    @Test
    void namespacedStateWithATimeToLiveIsRefused() {
        MapStateDescriptor<Long, String> descriptor = new MapStateDescriptor<>("contents", Long.class, String.class);
        descriptor.enableTimeToLive(TTL);
        assertNamesTheStateAndTheFix(assertThrows(UnsupportedOperationException.class,
                () -> backend.getNamespacedState(descriptor)), "namespaced (window) state 'contents'");
    }

    private static dev.weir.api.serialization.TypeSerializer<Long> longs() {
        return new dev.weir.api.serialization.TypeSerializer<>() {
            @Override
            public void serialize(Long value, java.io.DataOutput out) throws java.io.IOException {
                out.writeLong(value);
            }

            @Override
            public Long deserialize(java.io.DataInput in) throws java.io.IOException {
                return in.readLong();
            }
        };
    }
}
