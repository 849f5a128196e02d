package dev.weir.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import org.junit.jupiter.api.Test;

/** setCurrentKey with the key group the partitioner computed: the same state as when the backend hashes the key. */
class CarriedKeyGroupTest {
    private static final int MAX = 128;

    @Test
    void whenTheKeyGroupIsHandedIn_thenTheKeyReachesTheSameStateAsWhenTheBackendHashesIt() throws Exception {
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(KeyGroupRange.forSubtask(MAX, 1, 0), MAX);
        ValueState<Long> sum = backend.getState(new ValueStateDescriptor<>("sum", Long.class));
        for (long key = 0; key < 1_000; key++) {
            backend.setCurrentKey(key);
            sum.update(key * 2);
        }
        for (long key = 0; key < 1_000; key++) {
            backend.setCurrentKey(key, KeyGroups.keyGroupFor(key, MAX));
            assertEquals(key, backend.getCurrentKey());
            assertEquals(key * 2, sum.value());
            sum.update(key * 3);
        }
        for (long key = 0; key < 1_000; key++) {
            backend.setCurrentKey(key);
            assertEquals(key * 3, sum.value());
        }
    }

    @Test
    void whenTheKeyGroupIsNotThisSubtasks_thenItFailsNamingKeyAndRange() {
        KeyGroupRange firstHalf = KeyGroupRange.forSubtask(MAX, 2, 0);
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(firstHalf, MAX);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> backend.setCurrentKey("k", MAX - 1));
        assertTrue(e.getMessage().contains("'k'") && e.getMessage().contains(firstHalf.toString()), e.getMessage());
    }
}
