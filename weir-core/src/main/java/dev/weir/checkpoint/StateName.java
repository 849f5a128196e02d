package dev.weir.checkpoint;

/**
 * A state an operator holds, as recorded in a checkpoint's metadata: keyed (per key, e.g. a
 * {@code ValueState}) or operator (per subtask, e.g. a source's positions or a sink's pending
 * transactions), and the name its descriptor gave it.
 */
public record StateName(Kind kind, String name) implements Comparable<StateName> {

    public enum Kind { KEYED, OPERATOR }

    @Override
    public int compareTo(StateName other) {
        int byKind = kind.compareTo(other.kind);
        return byKind != 0 ? byKind : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + " '" + name + "'";
    }
}
