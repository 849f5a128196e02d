package dev.weir.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The transactional ids of one sink subtask: {@code <prefix>-<subtask>-<slot>}, a small pool reused
 * from checkpoint to checkpoint (a new id per checkpoint would leave one entry per checkpoint in the
 * broker's transaction state for {@code transactional.id.expiration.ms}).
 *
 * <p>An id may be reused only when no checkpoint that a restore could start from still lists its
 * last transaction as pending: otherwise a restore would "commit" that old transaction with the
 * same producer id and epoch as the id's newer, open transaction. So a committed slot first waits
 * for a snapshot taken after the commit ({@link SlotState.Committed} → {@link SlotState.Recorded}),
 * then for that checkpoint to complete (→ {@link SlotState.Free}). Ids the restored checkpoint
 * lists as pending are never used by this run.
 *
 * <p>Used on the sink's task thread only.
 */
final class TransactionalIdPool {

    /** Where a slot is in its cycle; each event returns the next state. */
    sealed interface SlotState {
        default SlotState acquired() {
            throw new IllegalStateException("cannot use a slot that is " + this);
        }

        default SlotState committed() {
            throw new IllegalStateException("cannot commit a slot that is " + this);
        }

        default SlotState aborted() {
            throw new IllegalStateException("cannot abort a slot that is " + this);
        }

        default SlotState snapshotTaken(long checkpointId) {
            return this;
        }

        default SlotState checkpointCompleted(long checkpointId) {
            return this;
        }

        /** Nothing uses the id; the next transaction may. */
        record Free() implements SlotState {
            @Override
            public SlotState acquired() {
                return new InUse();
            }
        }

        /**
         * Pending in the restored checkpoint: this run never uses the id (a second restore from the
         * same checkpoint commits that transaction again, which must find the id untouched).
         */
        record Excluded() implements SlotState {
        }

        /** A transaction is open or pre-committed under the id. */
        record InUse() implements SlotState {
            @Override
            public SlotState committed() {
                return new Committed();
            }

            @Override
            public SlotState aborted() {
                return new Free();
            }
        }

        /** Committed, but the latest snapshots may still list the transaction as pending. */
        record Committed() implements SlotState {
            @Override
            public SlotState snapshotTaken(long checkpointId) {
                return new Recorded(checkpointId);
            }
        }

        /** Snapshot {@code checkpointId} records the commit; free once that checkpoint completes. */
        record Recorded(long checkpointId) implements SlotState {
            @Override
            public SlotState checkpointCompleted(long completedId) {
                return completedId >= checkpointId ? new Free() : this;
            }
        }
    }

    private final String prefix;
    private final int subtaskIndex;
    private final Set<String> excluded;
    private final List<SlotState> slots = new ArrayList<>();

    /** @param excluded ids this run must not use (pending in the restored checkpoint) */
    TransactionalIdPool(String prefix, int subtaskIndex, Set<String> excluded) {
        this.prefix = prefix;
        this.subtaskIndex = subtaskIndex;
        this.excluded = Set.copyOf(excluded);
    }

    static String id(String prefix, int subtaskIndex, int slot) {
        return prefix + "-" + subtaskIndex + "-" + slot;
    }

    /** The lowest free id, now in use. */
    String acquire() {
        for (int slot = 0; ; slot++) {
            String id = id(prefix, subtaskIndex, slot);
            if (slot == slots.size()) {
                // Excluded slots take their place in the list too, so that slot numbers stay list indexes.
                slots.add(excluded.contains(id) ? new SlotState.Excluded() : new SlotState.Free());
            }
            if (slots.get(slot) instanceof SlotState.Free) {
                slots.set(slot, slots.get(slot).acquired());
                return id;
            }
        }
    }

    void committed(String id) {
        int slot = slotOf(id);
        slots.set(slot, slots.get(slot).committed());
    }

    void aborted(String id) {
        int slot = slotOf(id);
        slots.set(slot, slots.get(slot).aborted());
    }

    void snapshotTaken(long checkpointId) {
        slots.replaceAll(state -> state.snapshotTaken(checkpointId));
    }

    void checkpointCompleted(long checkpointId) {
        slots.replaceAll(state -> state.checkpointCompleted(checkpointId));
    }

    /** How many ids this subtask has used so far, counting the excluded ones below the highest (the pool's size). */
    int size() {
        return slots.size();
    }

    SlotState state(String id) {
        return slots.get(slotOf(id));
    }

    private int slotOf(String id) {
        String own = prefix + "-" + subtaskIndex + "-";
        if (!id.startsWith(own)) {
            throw new IllegalArgumentException(id + " is not an id of this pool (" + own + "*)");
        }
        int slot = Integer.parseInt(id.substring(own.length()));
        if (slot >= slots.size()) {
            throw new IllegalArgumentException(id + " was never handed out");
        }
        return slot;
    }

    /**
     * The subtask index in an id of {@code prefix}, or -1 if the id is not of the form
     * {@code <prefix>-<subtask>-<slot>}.
     */
    static int subtaskOf(String prefix, String id) {
        if (!id.startsWith(prefix + "-")) {
            return -1;
        }
        String[] rest = id.substring(prefix.length() + 1).split("-");
        if (rest.length != 2) {
            return -1;
        }
        try {
            Integer.parseInt(rest[1]);
            return Integer.parseInt(rest[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
