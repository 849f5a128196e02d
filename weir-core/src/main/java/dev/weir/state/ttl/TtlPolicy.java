package dev.weir.state.ttl;

import dev.weir.api.state.StateTtlConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The expiry rules of one state's {@link StateTtlConfig}, the same for every backend: a value is expired
 * when its last access lies {@code ttl} or more in the past of the clock. Also cleans a stored cell
 * (what a backend keeps under one key: a {@link TtlValue}, a list of them, or a map to them) for the
 * cleanup passes the backends run over their storage. Task thread only.
 */
public final class TtlPolicy {
    private final StateTtlConfig config;
    private final LongSupplier clock;
    private final long ttlMillis;

    public TtlPolicy(StateTtlConfig config, LongSupplier clock) {
        this.config = config;
        this.clock = clock;
        this.ttlMillis = config.getTimeToLive().toMillis();
    }

    public StateTtlConfig config() {
        return config;
    }

    /** The current time of the state's clock (ms). */
    public long now() {
        return clock.getAsLong();
    }

    /** Whether a value last accessed at {@code lastAccess} is expired at {@code now}. */
    public boolean expired(long lastAccess, long now) {
        long expiresAt = lastAccess + ttlMillis;
        if (expiresAt < lastAccess) { // overflow: never expires
            return false;
        }
        return expiresAt <= now;
    }

    public boolean expired(TtlValue<?> value, long now) {
        return expired(value.lastAccess(), now);
    }

    /**
     * Whether the RocksDB compaction-filter strategy was set with {@code cleanupInRocksdbCompactFilter} rather
     * than implied by background cleanup (the default strategy object is shared by every configuration).
     */
    public boolean compactFilterSetExplicitly() {
        StateTtlConfig.RocksdbCompactFilterCleanupStrategy strategy =
                config.getCleanupStrategies().getRocksdbCompactFilterCleanupStrategy();
        return strategy != null && strategy != DEFAULT_COMPACT_FILTER;
    }

    private static final StateTtlConfig.RocksdbCompactFilterCleanupStrategy DEFAULT_COMPACT_FILTER =
            StateTtlConfig.newBuilder(java.time.Duration.ofMillis(1)).build().getCleanupStrategies()
                    .getRocksdbCompactFilterCleanupStrategy();

    boolean updateOnRead() {
        return config.getUpdateType() == StateTtlConfig.UpdateType.OnReadAndWrite;
    }

    boolean returnExpired() {
        return config.getStateVisibility() == StateTtlConfig.StateVisibility.ReturnExpiredIfNotCleanedUp;
    }

    /**
     * A stored cell without its expired parts: null when nothing of it is left, the same object when nothing
     * expired, else a new list or map (the cell itself is never changed: a snapshot may share it).
     */
    @SuppressWarnings("unchecked")
    public Object clean(Object cell, long now) {
        if (cell instanceof TtlValue<?> value) {
            return expired(value, now) ? null : cell;
        }
        if (cell instanceof List<?> list) {
            List<Object> kept = null;
            for (int i = 0; i < list.size(); i++) {
                boolean expired = expired((TtlValue<?>) list.get(i), now);
                if (expired && kept == null) {
                    kept = new ArrayList<>(list.subList(0, i));
                } else if (!expired && kept != null) {
                    kept.add(list.get(i));
                }
            }
            return kept == null ? cell : kept.isEmpty() ? null : kept;
        }
        if (cell instanceof Map<?, ?> map) {
            Map<Object, Object> kept = null;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (expired((TtlValue<?>) entry.getValue(), now)) {
                    if (kept == null) {
                        kept = new HashMap<>((Map<Object, Object>) map);
                    }
                    kept.remove(entry.getKey());
                }
            }
            return kept == null ? cell : kept.isEmpty() ? null : kept;
        }
        throw new IllegalArgumentException("not a cell of a state with time-to-live: " + cell);
    }
}
