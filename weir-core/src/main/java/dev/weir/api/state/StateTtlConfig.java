package dev.weir.api.state;

import java.time.Duration;
import java.util.Objects;

/**
 * Time-to-live of keyed state: a value (for list state each element, for map state each entry) that
 * has not been written — or, with {@link UpdateType#OnReadAndWrite}, neither read nor written — for
 * {@link #getTimeToLive()} is expired. Set it on a descriptor with
 * {@link StateDescriptor#enableTimeToLive} before the state is registered. Immutable; build one with
 * {@link #newBuilder(Duration)}.
 *
 * <p>Time is processing time: the task's clock (in tests, {@code OperatorHarness}'s manual clock).
 * Each value is stored with the time it was last written (or read), so enabling, disabling or
 * changing the kind of TTL of a state changes how it is stored: a checkpoint written without TTL
 * cannot be restored into the state with TTL, nor the reverse (the restore fails, naming the state).
 *
 * <p><b>Cleanup.</b> An expired value that is read is removed at once (always). In addition:
 * <ul>
 *   <li>{@link Builder#cleanupFullSnapshot()}: expired values are not written into checkpoints and
 *       savepoints (they stay in the running state until read or cleaned up otherwise);</li>
 *   <li>{@link Builder#cleanupIncrementally(int, boolean)}: each access to the state (and, if asked, each
 *       record the operator processes) also checks {@code cleanupSize} further entries of the state and
 *       removes the expired ones — on the heap and, as a bounded scan of the state's column family, on
 *       RocksDB;</li>
 *   <li>{@link Builder#cleanupInRocksdbCompactFilter(long)}: Weir's RocksDB is the plain rocksdbjni
 *       without Flink's TTL compaction filter: set explicitly, it becomes a cleanup pass over the state's
 *       column family each time a snapshot is taken (see {@link RocksdbCompactFilterCleanupStrategy});
 *       on the heap it does nothing, as in Flink.</li>
 * </ul>
 * Unless {@link Builder#disableCleanupInBackground()} is called, a state without an explicit
 * incremental strategy gets the default one (5 entries per access, on the heap and on RocksDB); the
 * default compaction-filter strategy this implies in Flink adds nothing in Weir.
 */
public class StateTtlConfig {

    /** No time-to-live: the setting of every descriptor until {@link StateDescriptor#enableTimeToLive} is called. */
    public static final StateTtlConfig DISABLED = new StateTtlConfig(UpdateType.Disabled,
            StateVisibility.ReturnExpiredIfNotCleanedUp, TtlTimeCharacteristic.ProcessingTime, Duration.ofMillis(Long.MAX_VALUE),
            new CleanupStrategies(false, null, null, false));

    /** When a value's life starts again. */
    public enum UpdateType {
        /** No time-to-live. */
        Disabled,
        /** When the value is created and each time it is written. */
        OnCreateAndWrite,
        /** Also each time it is read. */
        OnReadAndWrite
    }

    /** Whether an expired value that is still stored may be returned. */
    public enum StateVisibility {
        /** An expired value still stored is returned (once: reading it removes it). */
        ReturnExpiredIfNotCleanedUp,
        /** An expired value is never returned (the default). */
        NeverReturnExpired
    }

    /** The clock of time-to-live. */
    public enum TtlTimeCharacteristic {
        /** The task's processing-time clock. */
        ProcessingTime
    }

    private final UpdateType updateType;
    private final StateVisibility stateVisibility;
    private final TtlTimeCharacteristic ttlTimeCharacteristic;
    private final Duration ttl;
    private final CleanupStrategies cleanupStrategies;

    private StateTtlConfig(UpdateType updateType, StateVisibility stateVisibility,
                           TtlTimeCharacteristic ttlTimeCharacteristic, Duration ttl, CleanupStrategies cleanupStrategies) {
        this.updateType = updateType;
        this.stateVisibility = stateVisibility;
        this.ttlTimeCharacteristic = ttlTimeCharacteristic;
        this.ttl = ttl;
        this.cleanupStrategies = cleanupStrategies;
    }

    /** A builder of a configuration whose values live for {@code ttl} (positive). */
    public static Builder newBuilder(Duration ttl) {
        return new Builder(ttl);
    }

    /** A builder that starts from {@code ttlConfig}'s settings. */
    public static Builder newBuilder(StateTtlConfig ttlConfig) {
        Builder builder = new Builder(ttlConfig.ttl);
        builder.updateType = ttlConfig.updateType;
        builder.stateVisibility = ttlConfig.stateVisibility;
        builder.ttlTimeCharacteristic = ttlConfig.ttlTimeCharacteristic;
        builder.fullSnapshot = ttlConfig.cleanupStrategies.fullSnapshot;
        builder.incremental = ttlConfig.cleanupStrategies.incremental;
        builder.compactFilter = ttlConfig.cleanupStrategies.compactFilter;
        builder.cleanupInBackground = ttlConfig.cleanupStrategies.cleanupInBackground;
        return builder;
    }

    public UpdateType getUpdateType() {
        return updateType;
    }

    public StateVisibility getStateVisibility() {
        return stateVisibility;
    }

    public Duration getTimeToLive() {
        return ttl;
    }

    public TtlTimeCharacteristic getTtlTimeCharacteristic() {
        return ttlTimeCharacteristic;
    }

    /** Whether values expire (false only for {@link #DISABLED}). */
    public boolean isEnabled() {
        return updateType != UpdateType.Disabled;
    }

    public CleanupStrategies getCleanupStrategies() {
        return cleanupStrategies;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateTtlConfig other && other.updateType == updateType
                && other.stateVisibility == stateVisibility && other.ttlTimeCharacteristic == ttlTimeCharacteristic
                && other.ttl.equals(ttl) && other.cleanupStrategies.equals(cleanupStrategies);
    }

    @Override
    public int hashCode() {
        return Objects.hash(updateType, stateVisibility, ttlTimeCharacteristic, ttl, cleanupStrategies);
    }

    @Override
    public String toString() {
        return "StateTtlConfig{updateType=" + updateType + ", stateVisibility=" + stateVisibility
                + ", ttlTimeCharacteristic=" + ttlTimeCharacteristic + ", ttl=" + ttl + ", cleanupStrategies="
                + cleanupStrategies + '}';
    }

    /** Builds a {@link StateTtlConfig}; defaults: {@code OnCreateAndWrite}, {@code NeverReturnExpired}, background cleanup on. */
    public static class Builder {
        private UpdateType updateType = UpdateType.OnCreateAndWrite;
        private StateVisibility stateVisibility = StateVisibility.NeverReturnExpired;
        private TtlTimeCharacteristic ttlTimeCharacteristic = TtlTimeCharacteristic.ProcessingTime;
        private Duration ttl;
        private boolean fullSnapshot;
        private IncrementalCleanupStrategy incremental;
        private RocksdbCompactFilterCleanupStrategy compactFilter;
        private boolean cleanupInBackground = true;

        private Builder(Duration ttl) {
            setTimeToLive(ttl);
        }

        public Builder setUpdateType(UpdateType updateType) {
            this.updateType = Objects.requireNonNull(updateType, "updateType");
            return this;
        }

        public Builder updateTtlOnCreateAndWrite() {
            return setUpdateType(UpdateType.OnCreateAndWrite);
        }

        public Builder updateTtlOnReadAndWrite() {
            return setUpdateType(UpdateType.OnReadAndWrite);
        }

        public Builder setStateVisibility(StateVisibility stateVisibility) {
            this.stateVisibility = Objects.requireNonNull(stateVisibility, "stateVisibility");
            return this;
        }

        public Builder returnExpiredIfNotCleanedUp() {
            return setStateVisibility(StateVisibility.ReturnExpiredIfNotCleanedUp);
        }

        public Builder neverReturnExpired() {
            return setStateVisibility(StateVisibility.NeverReturnExpired);
        }

        public Builder setTtlTimeCharacteristic(TtlTimeCharacteristic ttlTimeCharacteristic) {
            this.ttlTimeCharacteristic = Objects.requireNonNull(ttlTimeCharacteristic, "ttlTimeCharacteristic");
            return this;
        }

        public Builder useProcessingTime() {
            return setTtlTimeCharacteristic(TtlTimeCharacteristic.ProcessingTime);
        }

        /** Expired values are left out of checkpoints and savepoints. */
        public Builder cleanupFullSnapshot() {
            this.fullSnapshot = true;
            return this;
        }

        /**
         * Each access to the state checks {@code cleanupSize} (positive) further entries and removes the
         * expired ones; with {@code runCleanupForEveryRecord}, so does each record the operator processes.
         */
        public Builder cleanupIncrementally(int cleanupSize, boolean runCleanupForEveryRecord) {
            if (cleanupSize <= 0) {
                throw new IllegalArgumentException("cleanupIncrementally needs a positive cleanupSize, not " + cleanupSize);
            }
            this.incremental = new IncrementalCleanupStrategy(cleanupSize, runCleanupForEveryRecord);
            return this;
        }

        /** Flink's RocksDB compaction filter; see {@link RocksdbCompactFilterCleanupStrategy} for what Weir does. */
        public Builder cleanupInRocksdbCompactFilter(long queryTimeAfterNumEntries) {
            return cleanupInRocksdbCompactFilter(queryTimeAfterNumEntries, Duration.ofDays(30));
        }

        /** Flink's RocksDB compaction filter; see {@link RocksdbCompactFilterCleanupStrategy} for what Weir does. */
        public Builder cleanupInRocksdbCompactFilter(long queryTimeAfterNumEntries, Duration periodicCompactionTime) {
            if (queryTimeAfterNumEntries <= 0) {
                throw new IllegalArgumentException("cleanupInRocksdbCompactFilter needs a positive "
                        + "queryTimeAfterNumEntries, not " + queryTimeAfterNumEntries);
            }
            this.compactFilter = new RocksdbCompactFilterCleanupStrategy(queryTimeAfterNumEntries,
                    Objects.requireNonNull(periodicCompactionTime, "periodicCompactionTime"));
            return this;
        }

        /** No default incremental or compaction-filter cleanup: only the strategies set explicitly (and on access). */
        public Builder disableCleanupInBackground() {
            this.cleanupInBackground = false;
            return this;
        }

        public Builder setTimeToLive(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isZero() || ttl.isNegative()) {
                throw new IllegalArgumentException("a state's time-to-live must be positive, not " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        public StateTtlConfig build() {
            return new StateTtlConfig(updateType, stateVisibility, ttlTimeCharacteristic, ttl,
                    new CleanupStrategies(fullSnapshot, incremental, compactFilter, cleanupInBackground));
        }
    }

    /** Which cleanup strategies a configuration asks for, besides the cleanup of an expired value on access. */
    public static class CleanupStrategies {
        static final IncrementalCleanupStrategy DEFAULT_INCREMENTAL = new IncrementalCleanupStrategy(5, false);
        static final RocksdbCompactFilterCleanupStrategy DEFAULT_COMPACT_FILTER =
                new RocksdbCompactFilterCleanupStrategy(1000, Duration.ofDays(30));

        /** A strategy of cleaning up expired values. */
        interface CleanupStrategy {
        }

        private final boolean fullSnapshot;
        private final IncrementalCleanupStrategy incremental;
        private final RocksdbCompactFilterCleanupStrategy compactFilter;
        private final boolean cleanupInBackground;

        CleanupStrategies(boolean fullSnapshot, IncrementalCleanupStrategy incremental,
                          RocksdbCompactFilterCleanupStrategy compactFilter, boolean cleanupInBackground) {
            this.fullSnapshot = fullSnapshot;
            this.incremental = incremental;
            this.compactFilter = compactFilter;
            this.cleanupInBackground = cleanupInBackground;
        }

        /** Whether expired values are left out of checkpoints and savepoints. */
        public boolean inFullSnapshot() {
            return fullSnapshot;
        }

        public boolean isCleanupInBackground() {
            return cleanupInBackground;
        }

        /** The incremental strategy set, else the default one with background cleanup, else null. */
        public IncrementalCleanupStrategy getIncrementalCleanupStrategy() {
            return incremental != null ? incremental : cleanupInBackground ? DEFAULT_INCREMENTAL : null;
        }

        /** Whether the RocksDB compaction-filter strategy applies (set, or by default with background cleanup). */
        public boolean inRocksdbCompactFilter() {
            return getRocksdbCompactFilterCleanupStrategy() != null;
        }

        /** The compaction-filter strategy set, else the default one with background cleanup, else null. */
        public RocksdbCompactFilterCleanupStrategy getRocksdbCompactFilterCleanupStrategy() {
            return compactFilter != null ? compactFilter : cleanupInBackground ? DEFAULT_COMPACT_FILTER : null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CleanupStrategies other && other.fullSnapshot == fullSnapshot
                    && Objects.equals(other.incremental, incremental) && Objects.equals(other.compactFilter, compactFilter)
                    && other.cleanupInBackground == cleanupInBackground;
        }

        @Override
        public int hashCode() {
            return Objects.hash(fullSnapshot, incremental, compactFilter, cleanupInBackground);
        }

        @Override
        public String toString() {
            return "CleanupStrategies{fullSnapshot=" + fullSnapshot + ", incremental=" + incremental
                    + ", rocksdbCompactFilter=" + compactFilter + ", inBackground=" + cleanupInBackground + '}';
        }
    }

    /** Checks {@link #getCleanupSize()} further entries on each state access (and each record, if asked). */
    public static class IncrementalCleanupStrategy implements CleanupStrategies.CleanupStrategy {
        private final int cleanupSize;
        private final boolean runCleanupForEveryRecord;

        IncrementalCleanupStrategy(int cleanupSize, boolean runCleanupForEveryRecord) {
            this.cleanupSize = cleanupSize;
            this.runCleanupForEveryRecord = runCleanupForEveryRecord;
        }

        public int getCleanupSize() {
            return cleanupSize;
        }

        public boolean runCleanupForEveryRecord() {
            return runCleanupForEveryRecord;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IncrementalCleanupStrategy other && other.cleanupSize == cleanupSize
                    && other.runCleanupForEveryRecord == runCleanupForEveryRecord;
        }

        @Override
        public int hashCode() {
            return cleanupSize * 31 + (runCleanupForEveryRecord ? 1 : 0);
        }

        @Override
        public String toString() {
            return "incrementally(" + cleanupSize + (runCleanupForEveryRecord ? ", every record)" : ")");
        }
    }

    /**
     * Flink's cleanup by RocksDB's compaction filter. Weir runs the plain rocksdbjni, which has no TTL
     * compaction filter: on the RocksDB backend, expired entries are instead removed by a pass over the
     * state's column family each time a snapshot is taken (before the database's checkpoint is made, so
     * they are not in the checkpoint either), when the strategy was set with
     * {@link Builder#cleanupInRocksdbCompactFilter}; the default one of background cleanup adds no pass.
     * {@link #getQueryTimeAfterNumEntries()} and
     * {@link #getPeriodicCompactionTime()} are kept but have no effect. On the heap this strategy does nothing.
     */
    public static class RocksdbCompactFilterCleanupStrategy implements CleanupStrategies.CleanupStrategy {
        private final long queryTimeAfterNumEntries;
        private final Duration periodicCompactionTime;

        RocksdbCompactFilterCleanupStrategy(long queryTimeAfterNumEntries, Duration periodicCompactionTime) {
            this.queryTimeAfterNumEntries = queryTimeAfterNumEntries;
            this.periodicCompactionTime = periodicCompactionTime;
        }

        public long getQueryTimeAfterNumEntries() {
            return queryTimeAfterNumEntries;
        }

        public Duration getPeriodicCompactionTime() {
            return periodicCompactionTime;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RocksdbCompactFilterCleanupStrategy other
                    && other.queryTimeAfterNumEntries == queryTimeAfterNumEntries
                    && other.periodicCompactionTime.equals(periodicCompactionTime);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(queryTimeAfterNumEntries) * 31 + periodicCompactionTime.hashCode();
        }

        @Override
        public String toString() {
            return "inRocksdbCompactFilter(" + queryTimeAfterNumEntries + ", " + periodicCompactionTime + ")";
        }
    }
}
