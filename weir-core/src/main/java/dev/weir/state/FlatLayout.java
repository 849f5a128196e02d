package dev.weir.state;

import dev.weir.api.windowing.windows.TimeWindow;

/**
 * How a heap table ({@link KeyGroupTable}, {@link HeapTimerQueue}) holds the key and the namespace of an
 * entry: as primitive longs where their types allow, else as object references. A key that is a
 * {@code Long} or an {@code Integer} is kept as a long; a namespace that is absent ({@code null}: plain
 * keyed state, the timers of a process function) takes no room, a {@link TimeWindow} is kept as its
 * start and end. Anything else is kept as an object.
 *
 * <p><b>Why.</b> A table whose entries refer to a boxed key and a window object per entry costs a cache
 * miss per reference on every lookup, and every new entry stores references to young objects into
 * long-lived arrays, which the garbage collector must track (G1's card refinement was a quarter of a
 * window job's CPU). With primitive keys and windows a lookup compares longs in one cache line.
 *
 * <p>A table starts with the layout of its first entry ({@link #of}) and widens to objects when an entry
 * does not fit ({@link #fits}, {@link #widen}); it never narrows. Immutable.
 */
final class FlatLayout {

    /** How keys are held. */
    enum KeyKind { LONG, INT, OBJECT }

    /** How namespaces are held. */
    enum NamespaceKind { NONE, TIME_WINDOW, OBJECT }

    static final FlatLayout EMPTY = new FlatLayout(null, null);

    final KeyKind keyKind;
    final NamespaceKind namespaceKind;

    private FlatLayout(KeyKind keyKind, NamespaceKind namespaceKind) {
        this.keyKind = keyKind;
        this.namespaceKind = namespaceKind;
    }

    /** The narrowest layout holding {@code key} and {@code namespace}. */
    static FlatLayout of(Object key, Object namespace) {
        return new FlatLayout(kindOf(key), namespace == null ? NamespaceKind.NONE : namespaceKindOf(namespace));
    }

    private static KeyKind kindOf(Object key) {
        Class<?> type = key.getClass();
        return type == Long.class ? KeyKind.LONG : type == Integer.class ? KeyKind.INT : KeyKind.OBJECT;
    }

    private static NamespaceKind namespaceKindOf(Object namespace) {
        return namespace.getClass() == TimeWindow.class ? NamespaceKind.TIME_WINDOW : NamespaceKind.OBJECT;
    }

    /** Whether no entry has been laid out yet (a table that was never written). */
    boolean isEmpty() {
        return keyKind == null;
    }

    /** Whether an entry of {@code key} and {@code namespace} can be held in this layout. */
    boolean fits(Object key, Object namespace) {
        boolean keyFits = switch (keyKind) {
            case LONG -> key.getClass() == Long.class;
            case INT -> key.getClass() == Integer.class;
            case OBJECT -> true;
        };
        if (!keyFits) {
            return false;
        }
        return switch (namespaceKind) {
            case NONE -> namespace == null;
            case TIME_WINDOW -> namespace != null && namespace.getClass() == TimeWindow.class;
            case OBJECT -> true;
        };
    }

    /** The narrowest layout that holds everything this one does and also {@code key} and {@code namespace}. */
    FlatLayout widen(Object key, Object namespace) {
        if (isEmpty()) {
            return of(key, namespace);
        }
        FlatLayout other = of(key, namespace);
        return new FlatLayout(keyKind == other.keyKind ? keyKind : KeyKind.OBJECT,
                namespaceKind == other.namespaceKind ? namespaceKind : NamespaceKind.OBJECT);
    }

    /** Longs an entry's identity takes in a row: the key's, and a window's start and end when namespaces are windows. */
    int identityLongs() {
        return namespaceKind == NamespaceKind.TIME_WINDOW ? 3 : 1;
    }

    boolean keysAsObjects() {
        return keyKind == KeyKind.OBJECT;
    }

    boolean namespacesAsObjects() {
        return namespaceKind == NamespaceKind.OBJECT;
    }

    /** The key as a long (0 when keys are held as objects). */
    long keyBits(Object key) {
        return switch (keyKind) {
            case LONG -> (Long) key;
            case INT -> (Integer) key;
            case OBJECT -> 0;
        };
    }

    /** The key held as {@code bits} (and {@code object} when keys are objects). */
    Object key(long bits, Object object) {
        return switch (keyKind) {
            case LONG -> bits;
            case INT -> (int) bits;
            case OBJECT -> object;
        };
    }

    /** The first long of the namespace (a window's start; 0 when there is none or it is an object). */
    long namespaceBits0(Object namespace) {
        return namespaceKind == NamespaceKind.TIME_WINDOW ? ((TimeWindow) namespace).getStart() : 0;
    }

    /** The second long of the namespace (a window's end). */
    long namespaceBits1(Object namespace) {
        return namespaceKind == NamespaceKind.TIME_WINDOW ? ((TimeWindow) namespace).getEnd() : 0;
    }

    /** The namespace held as {@code bits0}, {@code bits1} (and {@code object} when namespaces are objects). */
    Object namespace(long bits0, long bits1, Object object) {
        return switch (namespaceKind) {
            case NONE -> null;
            case TIME_WINDOW -> new TimeWindow(bits0, bits1);
            case OBJECT -> object;
        };
    }

    /**
     * A well-spread hash of an entry's identity, as laid out (equal identities hash equally in one layout;
     * hashes are never persisted).
     */
    static int hash(long keyBits, Object keyObject, long namespaceBits0, long namespaceBits1, Object namespaceObject) {
        long h = keyObject == null ? keyBits : keyObject.hashCode();
        h = h * 0x9E3779B97F4A7C15L + namespaceBits0;
        h = h * 0x9E3779B97F4A7C15L + namespaceBits1;
        if (namespaceObject != null) {
            h = h * 0x9E3779B97F4A7C15L + namespaceObject.hashCode();
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) h;
    }

    @Override
    public String toString() {
        return "FlatLayout[" + keyKind + ", " + namespaceKind + "]";
    }

    /**
     * One (key, namespace) as a table of this layout stores and compares it: the key's and the window's longs, and
     * the objects where the layout holds objects (else null). A table keeps one and fills it for each lookup
     * ({@link #of}), so a lookup allocates nothing. Not thread-safe.
     */
    static final class FlatKey {
        long keyBits;
        long namespace0;
        long namespace1;
        Object keyObject;
        Object namespaceObject;

        /** Lays out {@code key} and {@code namespace}, which must fit {@code layout}. */
        FlatKey of(FlatLayout layout, Object key, Object namespace) {
            keyBits = layout.keyBits(key);
            namespace0 = layout.namespaceBits0(namespace);
            namespace1 = layout.namespaceBits1(namespace);
            keyObject = layout.keysAsObjects() ? key : null;
            namespaceObject = layout.namespacesAsObjects() ? namespace : null;
            return this;
        }

        /** Takes an entry already laid out (read from a table's row). */
        FlatKey of(long keyBits, long namespace0, long namespace1, Object keyObject, Object namespaceObject) {
            this.keyBits = keyBits;
            this.namespace0 = namespace0;
            this.namespace1 = namespace1;
            this.keyObject = keyObject;
            this.namespaceObject = namespaceObject;
            return this;
        }

        int hash() {
            return FlatLayout.hash(keyBits, keyObject, namespace0, namespace1, namespaceObject);
        }
    }
}
