package dev.weir.runtime.operators;

import dev.weir.state.KeyedStateBackend;

/**
 * A keyed operator: it gets the key group range of its subtask ({@link OperatorContext#keyGroupRange()})
 * and keeps keyed state (and timers, through an {@link InternalTimerService}). The test harness
 * gives such an operator a key group range and exposes its state.
 */
public interface KeyedOperator {

    /** The operator's keyed state backend (after open). */
    KeyedStateBackend keyedStateBackend();

    /** Whether this instance runs keyed (a two-input operator does only on keyed connected streams). */
    default boolean isKeyed() {
        return true;
    }
}
