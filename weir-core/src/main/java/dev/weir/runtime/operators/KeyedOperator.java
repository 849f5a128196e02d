package dev.weir.runtime.operators;

import dev.weir.api.functions.KeySelector;
import dev.weir.state.KeyedStateBackend;

/**
 * A keyed operator: it gets the key group range of its subtask ({@link OperatorContext#keyGroupRange()})
 * and keeps keyed state (and timers, through an {@link InternalTimerService}). The test harness
 * gives such an operator a key group range and exposes its state.
 */
public interface KeyedOperator {

    /** The operator's keyed state backend (after open). */
    KeyedStateBackend keyedStateBackend();

    /**
     * The key selector of input {@code input} (0, or 1 for the second input of a two-input operator) whose keys
     * this operator takes ready-made ({@link StreamOperator#processElement(Object, Object, int)}); null if it
     * takes none on that input (then the task hands it records only).
     */
    default KeySelector<?, ?> keySelectorOf(int input) {
        return null;
    }

    /** Whether this instance runs keyed (a two-input operator does only on keyed connected streams). */
    default boolean isKeyed() {
        return true;
    }
}
