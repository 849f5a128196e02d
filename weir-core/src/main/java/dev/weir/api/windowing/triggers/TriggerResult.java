package dev.weir.api.windowing.triggers;

/**
 * What a {@link Trigger} tells the window operator to do with a window: nothing, emit it (fire),
 * drop its contents (purge), or both. A window that fires without purging keeps its contents and
 * may fire again with more.
 */
public enum TriggerResult {
    /** Do nothing. */
    CONTINUE(false, false),
    /** Emit the window's result, then drop its contents. */
    FIRE_AND_PURGE(true, true),
    /** Emit the window's result and keep its contents. */
    FIRE(true, false),
    /** Drop the window's contents without emitting them. */
    PURGE(false, true);

    private final boolean fire;
    private final boolean purge;

    TriggerResult(boolean fire, boolean purge) {
        this.fire = fire;
        this.purge = purge;
    }

    public boolean isFire() {
        return fire;
    }

    public boolean isPurge() {
        return purge;
    }
}
