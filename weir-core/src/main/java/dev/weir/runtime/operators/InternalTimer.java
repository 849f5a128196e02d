package dev.weir.runtime.operators;

/**
 * A timer as an operator's {@link Triggerable} sees it when it fires: its time, the key it belongs
 * to (also the backend's current key during the callback) and the namespace it was registered
 * under (a window; null for a {@code KeyedProcessFunction}'s timers). The object is valid only during
 * the callback (it is reused): copy what you keep.
 */
public interface InternalTimer<K, N> {
    long getTimestamp();

    K getKey();

    N getNamespace();
}
