package dev.weir.api.windowing.assigners;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.windowing.triggers.Trigger;
import dev.weir.api.windowing.windows.Window;
import java.util.Collection;

/**
 * Decides which windows a record belongs to: one (tumbling windows), several (sliding windows) or
 * a fresh one that may merge with others of its key ({@link MergingWindowAssigner}, session windows).
 * Given to {@code KeyedStream.window(..)} or {@code DataStream.windowAll(..)}.
 *
 * <p>An assigner is a small immutable value: the job graph holds it and every subtask uses it on its
 * own thread. Write your own by extending this class; its windows must be values ({@code equals},
 * {@code hashCode}) and its {@link #getWindowSerializer()} writes them into state and checkpoints.
 *
 * @param <T> the type of the records it assigns
 * @param <W> the type of its windows
 */
public abstract class WindowAssigner<T, W extends Window> {

    /**
     * The windows {@code element} belongs to. {@code timestamp} is the record's event time for an
     * event-time assigner ({@code Long.MIN_VALUE} when the record has none); a processing-time assigner
     * reads the clock from {@code context}. Called on the subtask's thread.
     */
    public abstract Collection<W> assignWindows(T element, long timestamp, WindowAssignerContext context);

    /** The trigger a windowed stream uses unless {@code trigger(..)} sets another. */
    public abstract Trigger<T, W> getDefaultTrigger();

    /**
     * Writes this assigner's windows in state and checkpoints. (Flink passes an {@code ExecutionConfig}
     * and returns Flink's serializer; Weir's takes nothing and returns Weir's.)
     */
    public abstract TypeSerializer<W> getWindowSerializer();

    /** Whether the windows are in event time (their end is reached by the watermark) rather than processing time. */
    public abstract boolean isEventTime();

    /** What an assigner may read while assigning: the subtask's processing-time clock. */
    public abstract static class WindowAssignerContext {

        /** The subtask's processing time in epoch milliseconds (a manual clock in the test harness). */
        public abstract long getCurrentProcessingTime();
    }
}
