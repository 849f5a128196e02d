package dev.weir.state;

import java.util.HashMap;

/**
 * The entries of one keyed state on the heap, split by key group: {@code map(i)} holds the keys of
 * key group {@code range.first() + i}. The per-group split is the unit of snapshots and of
 * redistribution when the parallelism changes.
 */
public final class StateTable {
    private final KeyGroupRange range;
    private final HashMap<Object, Object>[] maps;

    @SuppressWarnings("unchecked")
    StateTable(KeyGroupRange range) {
        this.range = range;
        this.maps = new HashMap[range.size()];
        for (int i = 0; i < maps.length; i++) {
            maps[i] = new HashMap<>();
        }
    }

    HashMap<Object, Object> map(int keyGroupIndex) {
        return maps[keyGroupIndex];
    }

    /** The entries (key → state value) of one key group, read-only. */
    public java.util.Map<Object, Object> entriesOfKeyGroup(int keyGroup) {
        return java.util.Collections.unmodifiableMap(maps[keyGroup - range.first()]);
    }

    public long size() {
        long size = 0;
        for (HashMap<Object, Object> map : maps) {
            size += map.size();
        }
        return size;
    }
}
