package dev.weir.state;

/**
 * The kinds of keyed state, with the byte that stands for each in state files. {@link #TIMERS} is
 * not a state a function registers: it marks where a backend keeps an operator's timers as a state
 * of their own (the RocksDB backend's timer column family). A state with time-to-live is of a kind of its own
 * ({@code TTL_}…, the upper-case byte): its values are stored with their last-access time, so a checkpoint of
 * the one kind must not be read as the other.
 */
public enum KeyedStateKind {
    VALUE('v'), LIST('l'), MAP('m'), REDUCING('r'), AGGREGATING('a'), TIMERS('t'),
    TTL_VALUE('V'), TTL_LIST('L'), TTL_MAP('M'), TTL_REDUCING('R'), TTL_AGGREGATING('A');

    final byte code;

    KeyedStateKind(char code) {
        this.code = (byte) code;
    }

    /** The byte that stands for this kind in state files. */
    public byte code() {
        return code;
    }

    /** Whether values of this kind are stored with their last-access time. */
    public boolean hasTtl() {
        return Character.isUpperCase(code);
    }

    /** This kind without time-to-live. */
    public KeyedStateKind withoutTtl() {
        return hasTtl() ? of((byte) Character.toLowerCase(code)) : this;
    }

    /** This kind with time-to-live (or without, as {@code ttl} says). */
    public KeyedStateKind withTtl(boolean ttl) {
        return ttl == hasTtl() ? this : ttl ? of((byte) Character.toUpperCase(code)) : withoutTtl();
    }

    /**
     * Why state {@code name}, checkpointed as {@code restored}, cannot be restored as {@code requested}: a change
     * of time-to-live or of the kind of state, with what to do.
     */
    public static String restoreMismatch(String name, KeyedStateKind restored, KeyedStateKind requested) {
        if (restored.withoutTtl() == requested.withoutTtl()) {
            return "state '" + name + "' was checkpointed " + (restored.hasTtl() ? "with" : "without")
                    + " a time-to-live but its descriptor now " + (requested.hasTtl() ? "enables" : "has no")
                    + " time-to-live: its stored values " + (restored.hasTtl() ? "carry" : "lack")
                    + " last-access times, so they cannot be read. Restore with the descriptor as it was when the "
                    + "checkpoint was taken " + (restored.hasTtl() ? "(call enableTimeToLive)" : "(without enableTimeToLive)")
                    + ", or give the state a new name to start it empty";
        }
        return "state '" + name + "' was checkpointed as " + restored + " state but is now asked for as "
                + requested + " state";
    }

    public static KeyedStateKind of(byte code) {
        for (KeyedStateKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown keyed state kind '" + (char) code + "'");
    }
}
