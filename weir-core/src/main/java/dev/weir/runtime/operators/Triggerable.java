package dev.weir.runtime.operators;

/**
 * The operator side of an {@link InternalTimerService}: called on the task thread when a timer
 * fires, with the timer's key already set as the keyed state backend's current key.
 */
public interface Triggerable<K, N> {

    /**
     * An event-time timer is due: the watermark reached its time. The chain's record timestamp is the
     * timer's time while this runs, so records emitted here carry it.
     */
    void onEventTime(InternalTimer<K, N> timer) throws Exception;

    /** A processing-time timer is due. Records emitted here carry no timestamp. */
    void onProcessingTime(InternalTimer<K, N> timer) throws Exception;
}
