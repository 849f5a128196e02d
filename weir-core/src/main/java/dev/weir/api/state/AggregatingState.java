package dev.weir.api.state;

/** A per-key accumulator fed by {@link #add} through the descriptor's aggregate function. */
public interface AggregatingState<IN, OUT> extends State {
    /** The aggregate's result, or {@code null} when nothing was added. */
    OUT get();

    void add(IN value);
}
