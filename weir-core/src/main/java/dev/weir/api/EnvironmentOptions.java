package dev.weir.api;

import dev.weir.api.configuration.CheckpointingOptions;
import dev.weir.api.configuration.ConfigOption;
import dev.weir.api.configuration.Configuration;
import dev.weir.api.configuration.CoreOptions;
import dev.weir.api.configuration.ExecutionOptions;
import dev.weir.api.configuration.FallbackKey;
import dev.weir.api.configuration.PipelineOptions;
import dev.weir.api.configuration.ReadableConfig;
import dev.weir.api.configuration.RestartStrategyOptions;
import dev.weir.api.configuration.RestartStrategyOptions.RestartStrategyType;
import dev.weir.api.configuration.StateBackendOptions;
import dev.weir.api.configuration.StateRecoveryOptions;
import dev.weir.api.spi.JobSpec;
import dev.weir.api.state.StateBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The options of {@code dev.weir.api.configuration} that a {@link StreamExecutionEnvironment} understands:
 * {@link #apply} sets them through the environment's own setters (so they check values as when called
 * directly), {@link #effective} reads the environment's settings back as options.
 *
 * <p>As in Flink, a key Weir does not know is ignored, but logged in one WARN (keys only, never values).
 * A known key whose value is refused fails naming the key, the value and what is accepted. Every value
 * is read (and the state backend found) before the first setter runs, so a value that cannot be read
 * changes nothing; a value a setter refuses leaves the settings applied before it.
 */
final class EnvironmentOptions {
    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentOptions.class);

    private static final List<ConfigOption<?>> CHECKPOINT_OPTIONS = List.of(
            CheckpointingOptions.CHECKPOINTS_DIRECTORY, CheckpointingOptions.CHECKPOINTING_INTERVAL,
            CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingOptions.CHECKPOINTING_TIMEOUT,
            CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, CheckpointingOptions.MAX_CONCURRENT_CHECKPOINTS,
            CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, CheckpointingOptions.MAX_RETAINED_CHECKPOINTS,
            CheckpointingOptions.INCREMENTAL_CHECKPOINTS, CheckpointingOptions.SAVEPOINT_DIRECTORY);
    private static final List<ConfigOption<?>> FIXED_DELAY_OPTIONS = List.of(
            RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS,
            RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY);
    private static final List<ConfigOption<?>> EXPONENTIAL_DELAY_OPTIONS = List.of(
            RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
            RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
            RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER,
            RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS);
    private static final List<ConfigOption<?>> OTHER_OPTIONS = List.of(
            CoreOptions.DEFAULT_PARALLELISM, PipelineOptions.NAME, PipelineOptions.MAX_PARALLELISM,
            PipelineOptions.AUTO_WATERMARK_INTERVAL, ExecutionOptions.FIRE_PROCESSING_TIMERS_AT_END_OF_INPUT,
            ExecutionOptions.BUFFER_TIMEOUT, ExecutionOptions.BUFFER_TIMEOUT_ENABLED,
            RestartStrategyOptions.RESTART_STRATEGY, StateBackendOptions.STATE_BACKEND,
            StateRecoveryOptions.SAVEPOINT_PATH, StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE);

    private EnvironmentOptions() {
    }

    /** Sets every option {@code config} holds on {@code env}; see the class comment for unknown keys and errors. */
    static void apply(ReadableConfig config, StreamExecutionEnvironment env, ClassLoader classLoader) {
        Set<String> keys = config.toMap().keySet();
        warnAboutIgnored(keys);
        // Read everything first: a value that cannot be read changes nothing.
        Optional<String> name = config.getOptional(PipelineOptions.NAME);
        Optional<Integer> parallelism = config.getOptional(CoreOptions.DEFAULT_PARALLELISM);
        Optional<Integer> maxParallelism = config.getOptional(PipelineOptions.MAX_PARALLELISM);
        Optional<Long> bufferTimeout = bufferTimeout(config);
        Optional<Duration> watermarkInterval = config.getOptional(PipelineOptions.AUTO_WATERMARK_INTERVAL);
        Optional<Boolean> fireTimers = config.getOptional(ExecutionOptions.FIRE_PROCESSING_TIMERS_AT_END_OF_INPUT);
        Optional<RestartStrategy> restartStrategy = restartStrategy(config);
        Optional<StateBackend> stateBackend = config.getOptional(StateBackendOptions.STATE_BACKEND)
                .map(n -> StateBackendFactories.create(n, config, classLoader));
        CheckpointSettings checkpoints = CheckpointSettings.read(config);
        Optional<String> restorePath = config.getOptional(StateRecoveryOptions.SAVEPOINT_PATH);
        Optional<Boolean> ignoreUnclaimedState = config.getOptional(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE);

        name.ifPresent(n -> set(config, PipelineOptions.NAME, n, () -> env.setJobName(n)));
        parallelism.ifPresent(p -> set(config, CoreOptions.DEFAULT_PARALLELISM, p, () -> env.setParallelism(p)));
        maxParallelism.ifPresent(p -> set(config, PipelineOptions.MAX_PARALLELISM, p,
                () -> env.setMaxParallelism(p == -1 ? JobSpec.DEFAULT_MAX_PARALLELISM : p)));
        bufferTimeout.ifPresent(t -> set(config, ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(t),
                () -> env.setBufferTimeout(t)));
        watermarkInterval.ifPresent(i -> set(config, PipelineOptions.AUTO_WATERMARK_INTERVAL, i,
                () -> env.getConfig().setAutoWatermarkInterval(i.toMillis())));
        fireTimers.ifPresent(env::setFireProcessingTimersAtEndOfInput);
        checkpoints.applyTo(config, env.getCheckpointConfig());
        restartStrategy.ifPresent(env::setRestartStrategy);
        stateBackend.ifPresent(env::setStateBackend);
        restorePath.ifPresent(p -> set(config, StateRecoveryOptions.SAVEPOINT_PATH, p, () -> env.restoreFrom(p)));
        ignoreUnclaimedState.ifPresent(env::setAllowNonRestoredState);
    }

    /** The environment's settings as options (a new configuration; changing it changes nothing). */
    static Configuration effective(StreamExecutionEnvironment env) {
        Configuration config = new Configuration();
        config.set(PipelineOptions.NAME, env.getJobName());
        config.set(CoreOptions.DEFAULT_PARALLELISM, env.getParallelism());
        config.set(PipelineOptions.MAX_PARALLELISM, env.getMaxParallelism());
        config.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(env.getConfig().getAutoWatermarkInterval()));
        config.set(ExecutionOptions.FIRE_PROCESSING_TIMERS_AT_END_OF_INPUT, env.getFireProcessingTimersAtEndOfInput());
        long bufferTimeout = env.getBufferTimeout();
        config.set(ExecutionOptions.BUFFER_TIMEOUT_ENABLED, bufferTimeout != ExecutionOptions.DISABLED_NETWORK_BUFFER_TIMEOUT);
        if (bufferTimeout >= 0) {
            config.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(bufferTimeout));
        }
        CheckpointSettings.write(env.getCheckpointConfig(), config);
        writeRestartStrategy(env.restartStrategy(), config);
        config.set(StateBackendOptions.STATE_BACKEND, StateBackendFactories.nameOf(env.stateBackend()));
        JobSpec.RestoreSettings restore = env.restoreSettings();
        if (restore.from() != null) {
            config.set(StateRecoveryOptions.SAVEPOINT_PATH, restore.from());
        }
        config.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, restore.allowNonRestoredState());
        return config;
    }

    /**
     * Runs {@code setter}; a value it refuses fails naming the option's key and the value, with the
     * setter's reason (which says what is accepted).
     */
    static void set(ReadableConfig config, ConfigOption<?> option, Object value, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException | NullPointerException e) {
            String key = option.key();
            String written = format(option, value);
            Map<String, String> raw = config.toMap();
            for (String k : keysOf(option)) {
                if (raw.containsKey(k)) {
                    key = k;
                    written = raw.get(k);
                    break;
                }
            }
            throw new IllegalArgumentException("option '" + key + "': value '" + written + "' is refused: "
                    + e.getMessage(), e);
        }
    }

    /** A value in the form it is written in a configuration ({@code 10 s}, not {@code PT10S}). */
    @SuppressWarnings("unchecked")
    private static <T> String format(ConfigOption<T> option, Object value) {
        return new Configuration().set(option, (T) value).toMap().get(option.key());
    }

    private static void warnAboutIgnored(Set<String> keys) {
        Set<String> known = new TreeSet<>();
        for (List<ConfigOption<?>> group : List.of(OTHER_OPTIONS, CHECKPOINT_OPTIONS, FIXED_DELAY_OPTIONS,
                EXPONENTIAL_DELAY_OPTIONS)) {
            group.forEach(option -> known.addAll(keysOf(option)));
        }
        known.addAll(keysOf(dev.weir.api.configuration.DeploymentOptions.TARGET));
        for (dev.weir.api.spi.JobExecutor executor : dev.weir.api.spi.JobExecutor.all()) {
            known.addAll(executor.optionKeys());
        }
        Set<String> unknown = new TreeSet<>(keys);
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            LOG.warn("Configuration options ignored: Weir does not support {} (the options Weir reads are those of "
                    + "CoreOptions, PipelineOptions, ExecutionOptions, CheckpointingOptions, RestartStrategyOptions, "
                    + "StateBackendOptions and StateRecoveryOptions in dev.weir.api.configuration)", unknown);
        }
    }

    private static List<String> keysOf(ConfigOption<?> option) {
        List<String> keys = new ArrayList<>();
        keys.add(option.key());
        for (FallbackKey fallback : option.fallbackKeys()) {
            keys.add(fallback.getKey());
        }
        return keys;
    }

    /** The buffer timeout in ms if either buffer timeout option is set (disabled: -1). */
    private static Optional<Long> bufferTimeout(ReadableConfig config) {
        Optional<Boolean> enabled = config.getOptional(ExecutionOptions.BUFFER_TIMEOUT_ENABLED);
        Optional<Duration> interval = config.getOptional(ExecutionOptions.BUFFER_TIMEOUT);
        if (enabled.isEmpty() && interval.isEmpty()) {
            return Optional.empty();
        }
        if (!enabled.orElse(true)) {
            return Optional.of(ExecutionOptions.DISABLED_NETWORK_BUFFER_TIMEOUT);
        }
        return Optional.of(interval.orElse(ExecutionOptions.BUFFER_TIMEOUT.defaultValue()).toMillis());
    }

    /** The strategy {@code restart-strategy.type} and its options ask for, if the type is set. */
    private static Optional<RestartStrategy> restartStrategy(ReadableConfig config) {
        Optional<String> typeName = config.getOptional(RestartStrategyOptions.RESTART_STRATEGY);
        RestartStrategyType type = typeName.map(RestartStrategyType::of).orElse(null);
        warnAboutUnused(config, type, RestartStrategyType.FIXED_DELAY, FIXED_DELAY_OPTIONS);
        warnAboutUnused(config, type, RestartStrategyType.EXPONENTIAL_DELAY, EXPONENTIAL_DELAY_OPTIONS);
        if (type == null) {
            return Optional.empty();
        }
        return Optional.of(switch (type) {
            case NO_RESTART_STRATEGY -> RestartStrategy.none();
            case FIXED_DELAY -> {
                int attempts = config.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS);
                Duration delay = config.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY);
                yield build(config, RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, attempts,
                        () -> RestartStrategy.fixedDelay(attempts, delay));
            }
            case EXPONENTIAL_DELAY -> {
                Duration initial = config.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF);
                Duration max = config.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF);
                double multiplier = config.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER);
                int attempts = config.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS);
                if (!(multiplier >= 1.0)) {
                    throw new IllegalArgumentException("option '"
                            + RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER.key()
                            + "': value '" + multiplier + "' is refused: it must be at least 1");
                }
                if (max.compareTo(initial) < 0) {
                    throw new IllegalArgumentException("option '"
                            + RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF.key() + "': value '"
                            + format(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, max)
                            + "' is refused: it must not be less than "
                            + RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF.key() + " ('"
                            + format(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, initial)
                            + "')");
                }
                yield build(config, RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, attempts,
                        () -> RestartStrategy.exponentialBackoff(attempts, initial, max, multiplier));
            }
        });
    }

    private static RestartStrategy build(ReadableConfig config, ConfigOption<Integer> attemptsOption, int attempts,
                                         java.util.function.Supplier<RestartStrategy> strategy) {
        RestartStrategy[] built = new RestartStrategy[1];
        set(config, attemptsOption, attempts, () -> {
            if (attempts < 0) {
                throw new IllegalArgumentException("the number of restarts must not be negative");
            }
            built[0] = strategy.get();
        });
        return built[0];
    }

    private static void warnAboutUnused(ReadableConfig config, RestartStrategyType chosen, RestartStrategyType owner,
                                        List<ConfigOption<?>> options) {
        if (chosen == owner) {
            return;
        }
        List<String> unused = options.stream().map(ConfigOption::key)
                .filter(key -> config.toMap().containsKey(key)).toList();
        if (!unused.isEmpty()) {
            LOG.warn("Configuration options ignored: {} apply only with {}: {}, which is not set (it is {})", unused,
                    RestartStrategyOptions.RESTART_STRATEGY.key(), owner.getMainValue(),
                    chosen == null ? "unset" : chosen.getMainValue());
        }
    }

    private static void writeRestartStrategy(RestartStrategy strategy, Configuration config) {
        if (strategy instanceof RestartStrategy.FixedDelay fixed) {
            config.set(RestartStrategyOptions.RESTART_STRATEGY, RestartStrategyType.FIXED_DELAY.getMainValue());
            config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, fixed.maxAttempts());
            config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, fixed.delay());
        } else if (strategy instanceof RestartStrategy.ExponentialBackoff exponential) {
            config.set(RestartStrategyOptions.RESTART_STRATEGY, RestartStrategyType.EXPONENTIAL_DELAY.getMainValue());
            config.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, exponential.initial());
            config.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, exponential.max());
            config.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER,
                    exponential.multiplier());
            config.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, exponential.maxAttempts());
        } else {
            config.set(RestartStrategyOptions.RESTART_STRATEGY, RestartStrategyType.NO_RESTART_STRATEGY.getMainValue());
        }
    }
}
