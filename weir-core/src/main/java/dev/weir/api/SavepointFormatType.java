package dev.weir.api;

/**
 * The format a savepoint is written in (Flink's name). Weir writes every savepoint in the
 * canonical format — key groups of serialized keys and values, the same for every state backend,
 * restorable by either backend at any parallelism — and writes {@link #NATIVE} the same way: a
 * backend's native files (RocksDB's SST files) are never part of a savepoint.
 */
public enum SavepointFormatType {
    /** The state backend-neutral format. */
    CANONICAL,
    /** Asked for a backend's own format; Weir writes the canonical one (see the type's contract). */
    NATIVE;

    /** The format used when none is asked for: {@link #CANONICAL}. */
    public static final SavepointFormatType DEFAULT = CANONICAL;
}
