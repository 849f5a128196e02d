package dev.weir.state;

import dev.weir.api.configuration.ReadableConfig;
import dev.weir.api.spi.StateBackendFactory;
import dev.weir.api.state.StateBackend;

/** {@code state.backend.type: hashmap}: keyed state on the Java heap (see {@link KeyedStateBackendFactory#heap()}). */
public final class HashMapStateBackendFactory implements StateBackendFactory<KeyedStateBackendFactory> {

    @Override
    public String name() {
        return "hashmap";
    }

    @Override
    public KeyedStateBackendFactory createFromConfig(ReadableConfig config, ClassLoader classLoader) {
        return KeyedStateBackendFactory.heap();
    }

    @Override
    public boolean makes(StateBackend backend) {
        return backend instanceof HeapStateBackend;
    }
}
