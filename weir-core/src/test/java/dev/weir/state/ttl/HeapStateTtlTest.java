package dev.weir.state.ttl;

import dev.weir.state.KeyedStateBackendFactory;

/** State time-to-live on the heap backend. */
class HeapStateTtlTest extends StateTtlContract {
    @Override
    protected KeyedStateBackendFactory backend() {
        return KeyedStateBackendFactory.heap();
    }
}
