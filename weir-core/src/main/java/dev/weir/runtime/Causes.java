package dev.weir.runtime;

/** Looks through a failure's cause chain (stopping at a cause that is its own cause). */
final class Causes {

    private Causes() {
    }

    /** The first throwable of {@code type} in the cause chain of {@code failure}, or null. */
    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
