package dev.weir.state;

import java.util.function.UnaryOperator;

/**
 * The entries of one keyed state on the heap, split by key group: {@link KeyGroupTable} {@code i} holds
 * the entries of key group {@code range.first() + i}, each under (key, namespace) — the namespace is
 * {@code null} for plain keyed state, the window for a window's contents. The per-group split is the unit
 * of snapshots and of redistribution when the parallelism changes.
 *
 * <p><b>Copy-on-write snapshots.</b> {@link #freeze()} hands the current tables to a snapshot in
 * O(key groups) — the whole synchronous part. From then on the snapshot owns their arrays: the first write
 * to a group clones them, and values that handles change in place are copied once, on their first
 * change ({@link KeyGroupTable}). {@link #release()} ends the sharing once no snapshot is being written.
 */
public final class StateTable {
    private final KeyGroupRange range;
    private final KeyGroupTable[] groups;
    private final ValueKind valueKind;
    private int snapshotsInFlight;
    /** Where incremental TTL cleanup continues: a key group's index and a slot in its table. */
    private int cleanupGroup;
    private int cleanupSlot;

    /**
     * @param copier null if handles never change a stored value in place, else how to copy one that a
     *               snapshot shares before it changes
     */
    StateTable(KeyGroupRange range, UnaryOperator<Object> copier) {
        this(range, copier, ValueKind.OBJECT);
    }

    /** A table whose values are of {@code valueKind} (held as bits in the rows when primitive; then no copier). */
    StateTable(KeyGroupRange range, UnaryOperator<Object> copier, ValueKind valueKind) {
        this.range = range;
        this.valueKind = valueKind;
        this.groups = new KeyGroupTable[range.size()];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = new KeyGroupTable(copier, valueKind);
        }
    }

    KeyGroupTable group(int keyGroupIndex) {
        return groups[keyGroupIndex];
    }

    /** The synchronous part of a snapshot: the current tables, which the task no longer changes. */
    KeyGroupTable.Frozen[] freeze() {
        KeyGroupTable.Frozen[] frozen = new KeyGroupTable.Frozen[groups.length];
        for (int i = 0; i < groups.length; i++) {
            frozen[i] = groups[i].freeze();
        }
        snapshotsInFlight++;
        return frozen;
    }

    /** A snapshot taken with {@link #freeze()} has been written. Task thread only. */
    void release() {
        if (snapshotsInFlight > 0 && --snapshotsInFlight == 0) {
            for (KeyGroupTable group : groups) {
                group.release();
            }
        }
    }

    /**
     * Checks up to {@code entries} further entries (going round the key groups, on from where the last call
     * stopped) and removes the expired ones: incremental TTL cleanup. Task thread only.
     */
    void cleanExpired(int entries, dev.weir.state.ttl.TtlPolicy policy, long now) {
        for (int groupsPassed = 0; entries > 0 && groupsPassed <= groups.length; ) {
            long result = groups[cleanupGroup].cleanExpired(cleanupSlot, entries, policy, now);
            int next = (int) (result >> 32);
            entries = (int) result;
            if (next < 0) {
                cleanupSlot = 0;
                cleanupGroup = cleanupGroup + 1 == groups.length ? 0 : cleanupGroup + 1;
                groupsPassed++;
            } else {
                cleanupSlot = next;
            }
        }
    }

    /** The current entries of every group, for a pass on the task thread (diagnostics). */
    KeyGroupTable.Frozen[] view() {
        KeyGroupTable.Frozen[] view = new KeyGroupTable.Frozen[groups.length];
        for (int i = 0; i < groups.length; i++) {
            view[i] = groups[i].view();
        }
        return view;
    }

    /** How the values are held. */
    ValueKind valueKind() {
        return valueKind;
    }

    KeyGroupRange range() {
        return range;
    }

    /** Entries of all key groups ((key, namespace) pairs). */
    public long size() {
        long size = 0;
        for (KeyGroupTable group : groups) {
            size += group.size();
        }
        return size;
    }
}
