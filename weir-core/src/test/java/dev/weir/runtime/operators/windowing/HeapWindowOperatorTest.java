package dev.weir.runtime.operators.windowing;

import dev.weir.state.KeyedStateBackendFactory;

/** The window operator on the heap backend. */
class HeapWindowOperatorTest extends WindowOperatorContract {
    @Override
    protected KeyedStateBackendFactory backend() {
        return KeyedStateBackendFactory.heap();
    }
}
