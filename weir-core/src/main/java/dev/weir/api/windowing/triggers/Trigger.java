package dev.weir.api.windowing.triggers;

import dev.weir.api.state.State;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.windowing.windows.Window;

/**
 * Decides when a window emits its result ({@link TriggerResult#isFire() fires}) and when its contents are
 * dropped ({@link TriggerResult#isPurge() purged}). The window operator asks it on every record added to a
 * window ({@link #onElement}) and when a timer it registered fires ({@link #onEventTime},
 * {@link #onProcessingTime}); {@link #clear} is called when the window is dropped for good (its end plus
 * the allowed lateness has passed).
 *
 * <p>A trigger holds no state in fields: it keeps it in partitioned state
 * ({@link TriggerContext#getPartitionedState}, scoped to the current key and window) and registers timers
 * through the {@link TriggerContext}, so both are checkpointed with the window. One instance serves all
 * keys and windows of a subtask; every call runs on the subtask's thread.
 *
 * @param <T> the type of the records
 * @param <W> the type of the windows
 */
public abstract class Trigger<T, W extends Window> {

    /** A record was added to {@code window}; {@code timestamp} is its event time ({@code Long.MIN_VALUE} if none). */
    public abstract TriggerResult onElement(T element, long timestamp, W window, TriggerContext ctx) throws Exception;

    /** A processing-time timer registered for {@code window} fired at {@code time}. */
    public abstract TriggerResult onProcessingTime(long time, W window, TriggerContext ctx) throws Exception;

    /** An event-time timer registered for {@code window} fired: the watermark reached {@code time}. */
    public abstract TriggerResult onEventTime(long time, W window, TriggerContext ctx) throws Exception;

    /** Whether this trigger can follow merging windows ({@link #onMerge}); merging assigners need one that can. */
    public boolean canMerge() {
        return false;
    }

    /**
     * Windows were merged into {@code window}: merge their trigger state ({@link OnMergeContext#mergePartitionedState})
     * and register the timers the merged window needs. The timers of the merged windows are already gone.
     */
    public void onMerge(W window, OnMergeContext ctx) throws Exception {
        throw new UnsupportedOperationException(getClass().getName() + " cannot follow merging windows "
                + "(override canMerge and onMerge)");
    }

    /** {@code window} is dropped: delete its timers and clear its partitioned state. */
    public abstract void clear(W window, TriggerContext ctx) throws Exception;

    /** What a trigger sees and may do for the current key and window. */
    public interface TriggerContext {

        /** The subtask's processing time in epoch milliseconds. */
        long getCurrentProcessingTime();

        /** The operator's current event-time watermark ({@code Long.MIN_VALUE} before the first). */
        long getCurrentWatermark();

        /** Calls {@link #onProcessingTime} for this key and window once the clock reaches {@code time}. */
        void registerProcessingTimeTimer(long time);

        /** Calls {@link #onEventTime} for this key and window once the watermark reaches {@code time}. */
        void registerEventTimeTimer(long time);

        void deleteProcessingTimeTimer(long time);

        void deleteEventTimeTimer(long time);

        /**
         * State scoped to the current key and window, kept with the window's contents: a value, list,
         * reducing, aggregating or map state as the descriptor says.
         */
        <S extends State> S getPartitionedState(StateDescriptor stateDescriptor);
    }

    /** The context of {@link #onMerge}: can also merge the partitioned state of the merged windows. */
    public interface OnMergeContext extends TriggerContext {

        /**
         * Merges the state {@code stateDescriptor} names (a reducing, aggregating or list state) of the
         * merged windows into the state of the window they became.
         */
        void mergePartitionedState(StateDescriptor stateDescriptor);
    }
}
