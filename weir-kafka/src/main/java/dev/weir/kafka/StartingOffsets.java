package dev.weir.kafka;

/**
 * Where a {@link KafkaSource} starts reading a partition when no checkpoint says where (a fresh
 * start). After a restore the offsets in the checkpoint always win.
 */
public sealed interface StartingOffsets {

    /** The first offset still in the log. */
    static StartingOffsets earliest() {
        return new Earliest();
    }

    /** The end of the log (for read_committed: the last stable offset): only new records. */
    static StartingOffsets latest() {
        return new Latest();
    }

    /** The consumer group's committed offsets; partitions without one start at {@code otherwise}. */
    static StartingOffsets committed(StartingOffsets otherwise) {
        if (otherwise instanceof Committed) {
            throw new IllegalArgumentException("the fallback of committed offsets must be earliest, latest or a timestamp");
        }
        return new Committed(otherwise);
    }

    /** The first record whose timestamp is at or after {@code epochMillis} (the end if none). */
    static StartingOffsets timestamp(long epochMillis) {
        return new Timestamp(epochMillis);
    }

    record Earliest() implements StartingOffsets {
    }

    record Latest() implements StartingOffsets {
    }

    record Committed(StartingOffsets otherwise) implements StartingOffsets {
    }

    record Timestamp(long epochMillis) implements StartingOffsets {
    }
}
