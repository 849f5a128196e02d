package dev.weir.api;

/**
 * The format a savepoint is written in (Flink's name). Weir writes each backend's own snapshot
 * format into the savepoint's directory, for either type: the heap backend's is canonical (key
 * groups of serialized keys and values), the RocksDB backend's is its database files (copied into
 * the savepoint, never referenced from the job's shared files). Either restores at any parallelism
 * on the backend that wrote it; moving state between backends (a canonical RocksDB writer and a
 * RocksDB reader of the canonical format) is not supported yet. {@code weir inspect} shows a
 * savepoint's format.
 */
public enum SavepointFormatType {
    /** The state backend-neutral format. */
    CANONICAL,
    /** A backend's own format (see the type's contract: Weir writes the same either way). */
    NATIVE;

    /** The format used when none is asked for: {@link #CANONICAL}. */
    public static final SavepointFormatType DEFAULT = CANONICAL;
}
