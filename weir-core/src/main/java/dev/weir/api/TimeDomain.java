package dev.weir.api;

/** Which clock fired a timer ({@code OnTimerContext.timeDomain()}). */
public enum TimeDomain {
    /** The watermark passed the timer's timestamp. */
    EVENT_TIME,
    /** The task's wall clock (a manual clock in the test harness) reached the timer's timestamp. */
    PROCESSING_TIME
}
