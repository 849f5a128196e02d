package dev.weir.runtime.operators;

import dev.weir.state.KeyedStateSnapshot;
import dev.weir.state.OperatorStateBackend;
import java.util.Map;

/**
 * What an operator's synchronous snapshot captured: its keyed state (null if not keyed) and its
 * operator list state, ready to be written off the task thread.
 */
public record OperatorSnapshot(KeyedStateSnapshot keyed, Map<String, OperatorStateBackend.RawList> operatorState) {

    public static final OperatorSnapshot EMPTY = new OperatorSnapshot(null, Map.of());
}
