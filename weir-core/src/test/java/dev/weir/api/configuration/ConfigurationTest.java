package dev.weir.api.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.CheckpointingMode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigurationTest {

    @Test
    void aTypedValueIsReadBackAsSet_andAnUnsetOptionHasItsDefault() {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3)
                .set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(2));

        assertEquals(3, config.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS));
        assertEquals(Duration.ofSeconds(2), config.get(CheckpointingOptions.CHECKPOINTING_INTERVAL));
        assertEquals(Duration.ofMinutes(10), config.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT));
        assertEquals(Optional.empty(), config.getOptional(CheckpointingOptions.CHECKPOINTING_TIMEOUT));
        assertNull(config.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY));
        assertEquals(Duration.ofSeconds(5), config.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofSeconds(5)));
        assertTrue(config.contains(CheckpointingOptions.CHECKPOINTING_INTERVAL));
        assertFalse(config.contains(CheckpointingOptions.CHECKPOINTING_TIMEOUT));
    }

    @Test
    void stringValuesAreReadAsTheOptionsType_inFlinksForms() {
        Configuration config = Configuration.fromMap(Map.of(
                "execution.checkpointing.interval", "500ms",
                "execution.checkpointing.timeout", "2 min",
                "execution.checkpointing.min-pause", "100",
                "restart-strategy.fixed-delay.delay", "PT3S",
                "execution.checkpointing.mode", "at_least_once",
                "execution.buffer-timeout.enabled", "FALSE",
                "restart-strategy.exponential-delay.backoff-multiplier", "2.5"));

        assertEquals(Duration.ofMillis(500), config.get(CheckpointingOptions.CHECKPOINTING_INTERVAL));
        assertEquals(Duration.ofMinutes(2), config.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT));
        assertEquals(Duration.ofMillis(100), config.get(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS));
        assertEquals(Duration.ofSeconds(3), config.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY));
        assertEquals(CheckpointingMode.AT_LEAST_ONCE, config.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE));
        assertEquals(false, config.get(ExecutionOptions.BUFFER_TIMEOUT_ENABLED));
        assertEquals(2.5, config.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER));
    }

    @Test
    void toMapWritesValuesAsFlinkDoes_andFromMapReadsThemBack() {
        Configuration config = new Configuration()
                .set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(10))
                .set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofMillis(1500))
                .set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ZERO)
                .set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE)
                .set(CoreOptions.DEFAULT_PARALLELISM, 4);

        Map<String, String> map = config.toMap();

        assertEquals(Map.of("execution.checkpointing.interval", "10 s", "execution.checkpointing.timeout", "1500 ms",
                "execution.buffer-timeout.interval", "0 ms", "execution.checkpointing.mode", "EXACTLY_ONCE",
                "parallelism.default", "4"), map);
        assertEquals(config, Configuration.fromMap(map));
        assertEquals("10 s", config.getString("execution.checkpointing.interval", "none"));
        assertEquals("none", config.getString("no.such.key", "none"));
    }

    @Test
    void valuesAreAlsoReadAsStringsAndEnums_andCopiedUnderAPrefix() {
        Configuration config = new Configuration().set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofMinutes(2));
        config.setString("execution.checkpointing.mode", "at_least_once");
        ConfigOption<String> mode = ConfigOptions.key("execution.checkpointing.mode").stringType().noDefaultValue();

        assertEquals("2 min", config.getValue(CheckpointingOptions.CHECKPOINTING_TIMEOUT));
        assertNull(config.getValue(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS));
        assertEquals(CheckpointingMode.AT_LEAST_ONCE, config.getEnum(CheckpointingMode.class, mode));
        Configuration prefixed = new Configuration();
        prefixed.addAll(config, "job.");
        assertEquals("2 min", prefixed.getString("job.execution.checkpointing.timeout", null));
        Configuration copy = config.clone();
        copy.removeKey("execution.checkpointing.mode");
        assertTrue(config.containsKey("execution.checkpointing.mode"), "a clone is independent");
    }

    @Test
    void anOptionIsReadFromItsOlderKeyWhenItsOwnIsNotSet() {
        Configuration config = new Configuration();
        config.setString("state.checkpoints.num-retained", "5");
        config.setString("state.checkpoints.dir", "/tmp/old");
        config.setString("execution.checkpointing.dir", "/tmp/new");

        assertEquals(5, config.get(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS));
        assertEquals("/tmp/new", config.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY), "the option's own key wins");
        assertTrue(config.removeConfig(CheckpointingOptions.CHECKPOINTS_DIRECTORY));
        assertFalse(config.contains(CheckpointingOptions.CHECKPOINTS_DIRECTORY));
    }

    @Test
    void aValueThatIsNotTheOptionsTypeFails_namingKeyValueAndWhatTheOptionTakes() {
        Configuration config = new Configuration();
        config.setString("execution.checkpointing.mode", "exactly");
        config.setString("execution.checkpointing.interval", "soon");
        config.setString("parallelism.default", "two");

        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
                () -> config.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE));
        assertEquals("option 'execution.checkpointing.mode': value 'exactly' is not one of EXACTLY_ONCE, "
                + "AT_LEAST_ONCE", mode.getMessage());
        String interval = assertThrows(IllegalArgumentException.class,
                () -> config.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).getMessage();
        assertTrue(interval.startsWith("option 'execution.checkpointing.interval': value 'soon' is not a duration ("),
                interval);
        String parallelism = assertThrows(IllegalArgumentException.class,
                () -> config.get(CoreOptions.DEFAULT_PARALLELISM)).getMessage();
        assertEquals("option 'parallelism.default': value 'two' is not an integer (32 bits)", parallelism);
    }

    @Test
    void secretLookingValuesAreNeverPrinted() {
        ConfigOption<Integer> port = ConfigOptions.key("db.password.length").intType().noDefaultValue();
        Configuration config = new Configuration();
        config.setString("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule password=\"hunter2\"");
        config.setString("db.password.length", "hunter2");
        config.setString("parallelism.default", "2");

        assertFalse(config.toString().contains("hunter2"), config.toString());
        assertTrue(config.toString().contains("parallelism.default=2"), config.toString());
        String error = assertThrows(IllegalArgumentException.class, () -> config.get(port)).getMessage();
        assertFalse(error.contains("hunter2"), error);
        assertTrue(error.contains("db.password.length"), error);
    }

    @Test
    void optionsAreBuiltWithTypeDefaultDescriptionAndFallbackKeys() {
        ConfigOption<Long> option = ConfigOptions.key("my.limit").longType().defaultValue(7L)
                .withDescription("a limit").withDeprecatedKeys("old.limit");
        Configuration config = new Configuration();
        config.setString("old.limit", "9");

        assertEquals("my.limit", option.key());
        assertEquals(7L, option.defaultValue());
        assertEquals("a limit", option.description());
        assertTrue(option.hasFallbackKeys());
        assertEquals("old.limit", option.fallbackKeys().iterator().next().getKey());
        assertEquals(9L, config.get(option));
        assertEquals(RestartStrategyOptions.RestartStrategyType.FIXED_DELAY,
                RestartStrategyOptions.RestartStrategyType.of("FixedDelay"));
    }
}
