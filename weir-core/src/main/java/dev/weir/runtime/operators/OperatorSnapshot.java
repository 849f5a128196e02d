package dev.weir.runtime.operators;

import dev.weir.api.spi.AsyncSnapshotWork;
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

    /**
     * The same snapshot for writing more than once (a finished task's final state serves every later
     * checkpoint): its actions run the first time only, and later writes see their first outcome.
     * Later runs would be wrong, not just slow: by then the task may have closed what they touch.
     */
    public OperatorSnapshot reusable() {
        List<AsyncSnapshotWork.Action> once = new java.util.ArrayList<>();
        for (AsyncSnapshotWork.Action action : beforeAcknowledge) {
            once.add(new RunOnce(action));
        }
        return new OperatorSnapshot(keyed, operatorState, List.copyOf(once));
    }

    private static final class RunOnce implements AsyncSnapshotWork.Action {
        private AsyncSnapshotWork.Action action;
        private Exception failure;

        RunOnce(AsyncSnapshotWork.Action action) {
            this.action = action;
        }

        @Override
        public synchronized void run() throws Exception {
            if (action != null) {
                AsyncSnapshotWork.Action first = action;
                action = null;
                try {
                    first.run();
                } catch (Exception e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
