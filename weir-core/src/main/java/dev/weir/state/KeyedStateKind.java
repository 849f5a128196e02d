package dev.weir.state;

/**
 * The kinds of keyed state, with the byte that stands for each in state files. {@link #TIMERS} is
 * not a state a function registers: it marks where a backend keeps an operator's timers as a state
 * of their own (the RocksDB backend's timer column family).
 */
public enum KeyedStateKind {
    VALUE('v'), LIST('l'), MAP('m'), REDUCING('r'), AGGREGATING('a'), TIMERS('t');

    final byte code;

    KeyedStateKind(char code) {
        this.code = (byte) code;
    }

    /** The byte that stands for this kind in state files. */
    public byte code() {
        return code;
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
