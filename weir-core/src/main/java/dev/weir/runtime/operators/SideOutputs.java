package dev.weir.runtime.operators;

import dev.weir.api.Collector;
import dev.weir.api.OutputTag;
import java.util.Map;

/**
 * Where an operator's side outputs go, by tag: the chained consumers of
 * {@code getSideOutput(tag)}. A tag nothing reads gets a collector that drops (as in Flink).
 * Used on the task thread only.
 */
public interface SideOutputs {

    /** No side output is read. */
    SideOutputs NONE = tag -> null;

    /** The consumers of {@code tag}, or null if nothing reads it. */
    Collector<Object> consumersOf(OutputTag<?> tag);

    /** Where records for {@code tag} go: its consumers, or a collector that drops them. */
    default Collector<Object> forTag(OutputTag<?> tag) {
        Collector<Object> consumers = consumersOf(tag);
        return consumers != null ? consumers : record -> { };
    }

    /** Side outputs wired to fixed consumers. */
    static SideOutputs of(Map<OutputTag<?>, Collector<Object>> consumers) {
        Map<OutputTag<?>, Collector<Object>> copy = Map.copyOf(consumers);
        return copy.isEmpty() ? NONE : copy::get;
    }
}
