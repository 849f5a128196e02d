package dev.weir.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries of one keyed state on the heap, split by key group: map {@code i} holds the keys of
 * key group {@code range.first() + i}. The per-group split is the unit of snapshots and of
 * redistribution when the parallelism changes.
 *
 * <p><b>Copy-on-write snapshots.</b> {@link #freeze()} hands the current maps to a snapshot in
 * O(key groups) — the whole synchronous part. From then on the snapshot owns them: the first write
 * to a frozen group copies that group's map first (and the list/map containers in it, which state
 * handles change in place), so the snapshot can be written from another thread while records keep
 * flowing. {@link #release()} ends the sharing once no snapshot is being written.
 */
public final class StateTable {
    private final KeyGroupRange range;
    private final boolean mutableValues;
    private final HashMap<Object, Object>[] maps;
    private final boolean[] frozen;
    private int snapshotsInFlight;

    @SuppressWarnings("unchecked")
    StateTable(KeyGroupRange range, boolean mutableValues) {
        this.range = range;
        this.mutableValues = mutableValues;
        this.maps = new HashMap[range.size()];
        this.frozen = new boolean[range.size()];
        for (int i = 0; i < maps.length; i++) {
            maps[i] = new HashMap<>();
        }
    }

    HashMap<Object, Object> mapForRead(int keyGroupIndex) {
        return maps[keyGroupIndex];
    }

    HashMap<Object, Object> mapForWrite(int keyGroupIndex) {
        if (frozen[keyGroupIndex]) {
            maps[keyGroupIndex] = copy(maps[keyGroupIndex]);
            frozen[keyGroupIndex] = false;
        }
        return maps[keyGroupIndex];
    }

    private HashMap<Object, Object> copy(HashMap<Object, Object> map) {
        HashMap<Object, Object> copy = new HashMap<>(map);
        if (mutableValues) {
            copy.replaceAll((key, value) -> value instanceof List<?> list ? new ArrayList<>(list)
                    : value instanceof Map<?, ?> m ? new HashMap<>(m) : value);
        }
        return copy;
    }

    /** The synchronous part of a snapshot: the current maps, which the task no longer changes. */
    Map<Object, Object>[] freeze() {
        Arrays.fill(frozen, true);
        snapshotsInFlight++;
        return maps.clone();
    }

    /** A snapshot taken with {@link #freeze()} has been written. Task thread only. */
    void release() {
        if (snapshotsInFlight > 0 && --snapshotsInFlight == 0) {
            Arrays.fill(frozen, false);
        }
    }

    KeyGroupRange range() {
        return range;
    }

    /** The entries (key → state value) of one key group, read-only. */
    public Map<Object, Object> entriesOfKeyGroup(int keyGroup) {
        return Collections.unmodifiableMap(maps[keyGroup - range.first()]);
    }

    public long size() {
        long size = 0;
        for (HashMap<Object, Object> map : maps) {
            size += map.size();
        }
        return size;
    }
}
