package dev.weir.api.eventtime;

/**
 * Creates a {@link WatermarkGenerator}: one per source split, or one per subtask of a timestamp
 * assigner. Called on the task thread.
 */
@FunctionalInterface
public interface WatermarkGeneratorSupplier<T> {

    WatermarkGenerator<T> createWatermarkGenerator(Context context);

    /**
     * What a supplier gets from the subtask: the clock that idleness is measured with. Flink's
     * {@code getMetricGroup()} is not offered: Weir offers metric groups to functions only (RuntimeContext).
     */
    interface Context {
        /** The subtask's processing-time clock (manual in the test harness). */
        RelativeClock getInputActivityClock();
    }
}
