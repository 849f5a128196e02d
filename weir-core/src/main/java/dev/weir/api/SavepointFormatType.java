package dev.weir.api;

/**
 * The format a savepoint is written in (Flink's name). Weir writes every savepoint in the
 * canonical format, whichever type is asked for: key groups of serialized keys and values, the
 * heap backend's checkpoint format, which both backends restore at any parallelism (heap to RocksDB
 * and back). The one exception is the RocksDB backend's state with time-to-live, written in
 * RocksDB's own files (copied into the savepoint): it restores on RocksDB only. {@code weir inspect}
 * shows a savepoint's format.
 */
public enum SavepointFormatType {
    /** The state backend-neutral format. */
    CANONICAL,
    /** A backend's own format; Weir writes the canonical one (see the type's contract). */
    NATIVE;

    /** The format used when none is asked for: {@link #CANONICAL}. */
    public static final SavepointFormatType DEFAULT = CANONICAL;
}
