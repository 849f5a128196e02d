package dev.weir.runtime.operators;

import dev.weir.state.KeyedSnapshot;
import dev.weir.state.OperatorStateBackend;
import java.util.List;
import java.util.Map;

/**
 * What an operator's synchronous snapshot captured: its keyed state (null if not keyed), its
 * operator list state, and work to finish before the acknowledgement (see {@link AsyncSnapshotWork}),
 * all handled off the task thread.
 */
public record OperatorSnapshot(KeyedSnapshot keyed, Map<String, OperatorStateBackend.RawList> operatorState,
                               List<AsyncSnapshotWork.Action> beforeAcknowledge) {

    public static final OperatorSnapshot EMPTY = new OperatorSnapshot(null, Map.of(), List.of());

    public OperatorSnapshot(KeyedSnapshot keyed, Map<String, OperatorStateBackend.RawList> operatorState) {
        this(keyed, operatorState, List.of());
    }
}
