package dev.weir.flink.translate.io;

import dev.weir.api.functions.FunctionInitializationContext;
import dev.weir.api.spi.TransactionalSinkAccess;
import dev.weir.api.state.KeyedStateStore;
import dev.weir.api.state.OperatorStateStore;
import java.util.OptionalLong;

/**
 * What a Weir sink's {@code initializeState} gets on Flink: the subtask's operator state, restored from its Flink
 * writer state. It is a {@link TransactionalSinkAccess}: the pending transactions it restores are this subtask's own.
 */
record SinkInitContext(OptionalLong getRestoredCheckpointId, OperatorStateStore getOperatorStateStore)
        implements FunctionInitializationContext, TransactionalSinkAccess {

    @Override
    public KeyedStateStore getKeyedStateStore() {
        return null;
    }
}
