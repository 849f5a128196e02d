package dev.weir.api.configuration;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Restart strategy options (Flink's name and keys), applied as the environment's
 * {@code RestartStrategy}: {@link #RESTART_STRATEGY} chooses {@code none}, {@code fixed-delay} or
 * {@code exponential-delay}, and the options of the chosen strategy tune it. Unset, a job is not
 * restarted (Weir's default; Flink picks exponential-delay when checkpointing is on).
 */
public class RestartStrategyOptions {

    /** Prefix of every restart strategy key. */
    public static final String RESTART_STRATEGY_CONFIG_PREFIX = "restart-strategy";

    /** The strategy: {@code none} (also {@code off}, {@code disable}), {@code fixed-delay} or {@code exponential-delay}. */
    public static final ConfigOption<String> RESTART_STRATEGY = ConfigOptions.key("restart-strategy.type")
            .stringType().noDefaultValue()
            .withDescription("none, fixed-delay or exponential-delay.")
            .withDeprecatedKeys("restart-strategy");

    /** fixed-delay: restarts before the job fails (default 1). */
    public static final ConfigOption<Integer> RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS =
            ConfigOptions.key("restart-strategy.fixed-delay.attempts")
                    .intType().defaultValue(1)
                    .withDescription("fixed-delay: restarts before the job fails.");

    /** fixed-delay: the wait before each restart (default 1 s). */
    public static final ConfigOption<Duration> RESTART_STRATEGY_FIXED_DELAY_DELAY =
            ConfigOptions.key("restart-strategy.fixed-delay.delay")
                    .durationType().defaultValue(Duration.ofSeconds(1))
                    .withDescription("fixed-delay: the wait before each restart.");

    /** exponential-delay: the wait before the first restart (default 1 s). */
    public static final ConfigOption<Duration> RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF =
            ConfigOptions.key("restart-strategy.exponential-delay.initial-backoff")
                    .durationType().defaultValue(Duration.ofSeconds(1))
                    .withDescription("exponential-delay: the wait before the first restart.");

    /** exponential-delay: the longest wait (default 1 min). */
    public static final ConfigOption<Duration> RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF =
            ConfigOptions.key("restart-strategy.exponential-delay.max-backoff")
                    .durationType().defaultValue(Duration.ofMinutes(1))
                    .withDescription("exponential-delay: the longest wait.");

    /** exponential-delay: each wait is the last one times this, at least 1 (default 1.5). */
    public static final ConfigOption<Double> RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER =
            ConfigOptions.key("restart-strategy.exponential-delay.backoff-multiplier")
                    .doubleType().defaultValue(1.5)
                    .withDescription("exponential-delay: each wait is the last one times this.");

    /**
     * exponential-delay: restarts before the job fails (default unlimited). Weir never resets the
     * backoff, so this is the total number of restarts.
     */
    public static final ConfigOption<Integer> RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS =
            ConfigOptions.key("restart-strategy.exponential-delay.attempts-before-reset-backoff")
                    .intType().defaultValue(Integer.MAX_VALUE)
                    .withDescription("exponential-delay: restarts before the job fails.");

    RestartStrategyOptions() {
    }

    /** The strategies Weir supports, with every name {@link #RESTART_STRATEGY} accepts for each. */
    public enum RestartStrategyType {
        NO_RESTART_STRATEGY("none", "off", "disable"),
        FIXED_DELAY("fixed-delay", "fixeddelay"),
        EXPONENTIAL_DELAY("exponential-delay", "exponentialdelay");

        private final List<String> names;

        RestartStrategyType(String... names) {
            this.names = List.of(names);
        }

        /** The name the strategy is written with, such as {@code fixed-delay}. */
        public String getMainValue() {
            return names.get(0);
        }

        /** The strategy named {@code value} (any case). */
        public static RestartStrategyType of(String value) {
            String name = value.trim().toLowerCase(Locale.ROOT);
            for (RestartStrategyType type : values()) {
                if (type.names.contains(name)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("option '" + RESTART_STRATEGY.key() + "': value '" + value
                    + "' is not a restart strategy Weir supports; accepted: " + Arrays.stream(values())
                    .flatMap(t -> t.names.stream()).collect(Collectors.joining(", ")));
        }
    }
}
