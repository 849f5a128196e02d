package dev.weir.api.configuration;

import java.time.Duration;

/** How records are handed between tasks (Flink's name); Weir supports the buffer timeout. */
public class ExecutionOptions {

    /** Buffer timeout value that hands over only full batches (and what is buffered when a task goes idle). */
    public static final long DISABLED_NETWORK_BUFFER_TIMEOUT = -1L;

    /** Buffer timeout value that hands over every record at once. */
    public static final long FLUSH_AFTER_EVERY_RECORD = 0L;

    /**
     * Whether processing-time timers still pending when the input ends fire then, in timestamp order
     * ({@code env.setFireProcessingTimersAtEndOfInput}). Default false: they are dropped, as in Flink
     * (event-time timers always fire at the end of a bounded input, whose final watermark is
     * {@code Long.MAX_VALUE}). Weir's own option.
     */
    public static final ConfigOption<Boolean> FIRE_PROCESSING_TIMERS_AT_END_OF_INPUT =
            ConfigOptions.key("execution.end-of-input.fire-processing-timers")
            .booleanType().defaultValue(false)
            .withDescription("Whether pending processing-time timers fire when the input ends (else dropped).");

    /**
     * Whether partly filled batches are handed over after {@link #BUFFER_TIMEOUT} (default true); false
     * is {@link #DISABLED_NETWORK_BUFFER_TIMEOUT}.
     */
    public static final ConfigOption<Boolean> BUFFER_TIMEOUT_ENABLED = ConfigOptions.key("execution.buffer-timeout.enabled")
            .booleanType().defaultValue(true)
            .withDescription("Whether partly filled batches are handed over after the buffer timeout.");

    /**
     * The longest a record waits in a partly filled batch ({@code env.setBufferTimeout}); 0 hands over
     * every record at once. Default 100 ms.
     */
    public static final ConfigOption<Duration> BUFFER_TIMEOUT = ConfigOptions.key("execution.buffer-timeout.interval")
            .durationType().defaultValue(Duration.ofMillis(100))
            .withDescription("The longest a record waits in a partly filled batch; 0 hands over every record at once.")
            .withDeprecatedKeys("execution.buffer-timeout");

    ExecutionOptions() {
    }
}
