package dev.weir.api.eventtime;

/**
 * Creates the {@link TimestampAssigner} of one subtask (each subtask gets its own instance).
 */
@FunctionalInterface
public interface TimestampAssignerSupplier<T> {

    TimestampAssigner<T> createTimestampAssigner(Context context);

    /** A supplier that hands out {@code assigner} itself. */
    static <T> TimestampAssignerSupplier<T> of(SerializableTimestampAssigner<T> assigner) {
        return context -> assigner;
    }

    /**
     * What a supplier gets from the subtask. Flink's {@code getMetricGroup()} is not offered: Weir
     * offers metric groups to functions only (RuntimeContext).
     */
    interface Context {
    }
}
