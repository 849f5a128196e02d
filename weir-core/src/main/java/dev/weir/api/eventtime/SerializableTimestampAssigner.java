package dev.weir.api.eventtime;

/**
 * A {@link TimestampAssigner} given as a lambda to {@link WatermarkStrategy#withTimestampAssigner}
 * (Flink's name; Weir copies functions per subtask without Java serialization, so this adds nothing
 * to {@link TimestampAssigner}).
 */
@FunctionalInterface
public interface SerializableTimestampAssigner<T> extends TimestampAssigner<T> {
}
