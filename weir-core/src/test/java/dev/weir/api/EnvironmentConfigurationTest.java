package dev.weir.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.configuration.CheckpointingOptions;
import dev.weir.api.configuration.Configuration;
import dev.weir.api.configuration.CoreOptions;
import dev.weir.api.configuration.ExecutionOptions;
import dev.weir.api.configuration.PipelineOptions;
import dev.weir.api.configuration.ReadableConfig;
import dev.weir.api.configuration.RestartStrategyOptions;
import dev.weir.api.configuration.StateBackendOptions;
import dev.weir.api.configuration.StateRecoveryOptions;
import dev.weir.api.spi.JobSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options of a {@link Configuration} applied to an environment, refused, ignored and read back. */
class EnvironmentConfigurationTest {
    @TempDir
    Path dir;

    @Test
    void everyOptionWeirReadsIsAppliedThroughTheEnvironment() {
        Configuration config = new Configuration();
        config.set(PipelineOptions.NAME, "configured-job");
        config.set(CoreOptions.DEFAULT_PARALLELISM, 3);
        config.set(PipelineOptions.MAX_PARALLELISM, 64);
        config.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(25));
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
        config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(2));
        config.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.AT_LEAST_ONCE);
        config.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofMinutes(3));
        config.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, Duration.ofMillis(700));
        config.set(CheckpointingOptions.MAX_CONCURRENT_CHECKPOINTS, 2);
        config.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 4);
        config.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 5);
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        config.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        config.set(StateRecoveryOptions.SAVEPOINT_PATH, "latest");
        config.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);

        assertEquals("configured-job", env.getJobName());
        assertEquals(3, env.getParallelism());
        assertEquals(64, env.getMaxParallelism());
        assertEquals(25, env.getBufferTimeout());
        CheckpointConfig checkpoints = env.getCheckpointConfig();
        assertEquals(dir, checkpoints.getDirectory());
        assertEquals(2000, checkpoints.getCheckpointInterval());
        assertEquals(CheckpointingMode.AT_LEAST_ONCE, checkpoints.getCheckpointingConsistencyMode());
        assertEquals(180_000, checkpoints.getCheckpointTimeout());
        assertEquals(700, checkpoints.getMinPauseBetweenCheckpoints());
        assertEquals(2, checkpoints.getMaxConcurrentCheckpoints());
        assertEquals(4, checkpoints.getTolerableCheckpointFailureNumber());
        assertEquals(5, checkpoints.getRetainedCheckpoints());
        JobSpec spec = env.getJobSpec();
        assertEquals(RestartStrategy.fixedDelay(3, Duration.ofSeconds(1)), spec.restartStrategy());
        assertEquals("heap", String.valueOf(spec.stateBackend()));
        assertEquals(new JobSpec.RestoreSettings("latest", true, false), spec.restore());
    }

    @Test
    void exponentialDelayIsMappedWithItsMultiplier_andNoneTurnsRestartsOff() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(Configuration.fromMap(Map.of(
                "restart-strategy.type", "exponential-delay",
                "restart-strategy.exponential-delay.initial-backoff", "100 ms",
                "restart-strategy.exponential-delay.max-backoff", "1 s",
                "restart-strategy.exponential-delay.backoff-multiplier", "3",
                "restart-strategy.exponential-delay.attempts-before-reset-backoff", "4")));

        RestartStrategy strategy = env.getJobSpec().restartStrategy();
        assertEquals(RestartStrategy.exponentialBackoff(4, Duration.ofMillis(100), Duration.ofSeconds(1), 3.0), strategy);
        assertEquals(Duration.ofMillis(100), strategy.delayBeforeAttempt(1));
        assertEquals(Duration.ofMillis(300), strategy.delayBeforeAttempt(2));
        assertEquals(Duration.ofMillis(900), strategy.delayBeforeAttempt(3));
        assertEquals(Duration.ofSeconds(1), strategy.delayBeforeAttempt(4));
        assertEquals(null, strategy.delayBeforeAttempt(5));

        env.configure(Configuration.fromMap(Map.of("restart-strategy", "off"))); // Flink's older key and name
        assertEquals(RestartStrategy.none(), env.getJobSpec().restartStrategy());
    }

    @Test
    void aDisabledBufferTimeoutAndTheDefaultMaxParallelismMapToWeirsValues() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setMaxParallelism(16);
        env.configure(Configuration.fromMap(Map.of("execution.buffer-timeout.enabled", "false",
                "pipeline.max-parallelism", "-1")));

        assertEquals(-1, env.getBufferTimeout());
        assertEquals(JobSpec.DEFAULT_MAX_PARALLELISM, env.getMaxParallelism());
    }

    @Test
    void createLocalEnvironmentWithAParallelism_theParallelismWinsOverTheConfigurations() {
        Configuration config = new Configuration().set(CoreOptions.DEFAULT_PARALLELISM, 3)
                .set(PipelineOptions.NAME, "local");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, config);

        assertEquals(2, env.getParallelism());
        assertEquals("local", env.getJobName());
        assertEquals(3, StreamExecutionEnvironment.createLocalEnvironment(config).getParallelism());
    }

    @Test
    void optionsNotSetKeepTheEnvironmentsValues() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        env.setRestartStrategy(RestartStrategy.fixedDelay(7, Duration.ofMillis(5)));

        env.configure(new Configuration().set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3));

        assertEquals(2, env.getParallelism());
        assertEquals(RestartStrategy.fixedDelay(7, Duration.ofMillis(5)), env.getJobSpec().restartStrategy());
        assertEquals(3, env.getCheckpointConfig().getRetainedCheckpoints());
        assertFalse(env.getCheckpointConfig().isCheckpointingEnabled());
    }

    @Test
    void aKnownKeyWithABadValueIsRefused_namingTheKeyTheValueAndWhatIsAccepted() {
        assertRefused(Map.of("restart-strategy.type", "failure-rate"), "option 'restart-strategy.type': value "
                + "'failure-rate' is not a restart strategy Weir supports; accepted: none, off, disable, fixed-delay, "
                + "fixeddelay, exponential-delay, exponentialdelay");
        assertRefused(Map.of("parallelism.default", "0"), "option 'parallelism.default': value '0' is refused: "
                + "option parallelism must be at least 1, was 0");
        assertRefused(Map.of("execution.checkpointing.mode", "exactly"), "option 'execution.checkpointing.mode': "
                + "value 'exactly' is not one of EXACTLY_ONCE, AT_LEAST_ONCE");
        assertRefused(Map.of("execution.checkpointing.dir", "s3://bucket/checkpoints"), "option "
                + "'execution.checkpointing.dir': value 's3://bucket/checkpoints' is refused: option checkpoint "
                + "directory 's3://bucket/checkpoints': only local paths and file: URIs are supported");
        assertRefused(Map.of("execution.checkpointing.interval", "0 s"), "option 'execution.checkpointing.interval': "
                + "value '0 s' is refused: option checkpoint interval must be at least 1 ms, was 0");
        assertRefused(Map.of("restart-strategy.type", "fixed-delay", "restart-strategy.fixed-delay.attempts", "-1"),
                "option 'restart-strategy.fixed-delay.attempts': value '-1' is refused: the number of restarts must "
                        + "not be negative");
        assertRefused(Map.of("restart-strategy.type", "exponential-delay",
                "restart-strategy.exponential-delay.backoff-multiplier", "0.5"),
                "option 'restart-strategy.exponential-delay.backoff-multiplier': value '0.5' is refused: it must be "
                        + "at least 1");
        assertRefused(Map.of("pipeline.name", "my job"), "option 'pipeline.name': value 'my job' is refused: option "
                + "jobName must be letters, digits, '.', '_' or '-' (it names the job's folder in the checkpoint "
                + "directory), was 'my job'");
        assertRefused(Map.of("state.backend.type", "forst"), "option 'state.backend.type': value 'forst' is not a "
                + "state backend Weir knows; accepted: hashmap, rocksdb (with module dev.weir:weir-rocksdb)");
    }

    @Test
    void rocksdbAskedForWithoutItsModule_failsNamingTheOptionTheValueAndTheModuleToAdd() {
        // weir-core's tests do not have weir-rocksdb on the class path.
        assertRefused(Map.of("state.backend.type", "rocksdb"), "option 'state.backend.type': value 'rocksdb' needs "
                + "module dev.weir:weir-rocksdb, which is not on the class path: add it as a dependency of the job");
    }

    @Test
    void aValueThatCannotBeReadChangesNothing() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);

        assertThrows(IllegalArgumentException.class, () -> env.configure(Configuration.fromMap(Map.of(
                "parallelism.default", "4", "execution.checkpointing.timeout", "forever"))));
        assertThrows(IllegalArgumentException.class, () -> env.configure(Configuration.fromMap(Map.of(
                "parallelism.default", "4", "state.backend.type", "rocksdb"))));

        assertEquals(2, env.getParallelism());
    }

    @Test
    void keysWeirDoesNotKnowAreIgnoredAndNamedInOneWarning_withoutTheirValues() {
        Configuration config = Configuration.fromMap(Map.of(
                "taskmanager.memory.process.size", "4g",
                "security.ssl.keystore-password", "hunter2",
                "restart-strategy.exponential-delay.jitter-factor", "0.2",
                "parallelism.default", "2"));

        String log = capturedStandardError(() -> StreamExecutionEnvironment.getExecutionEnvironment(config));

        assertTrue(log.contains("ignored: Weir does not support [restart-strategy.exponential-delay.jitter-factor, "
                + "security.ssl.keystore-password, taskmanager.memory.process.size]"), log);
        assertEquals(1, log.lines().filter(line -> line.contains("WARN")).count(), log);
        assertFalse(log.contains("hunter2"), log);
    }

    @Test
    void optionsOfARestartStrategyThatIsNotChosenAreNamedInAWarning() {
        String log = capturedStandardError(() -> StreamExecutionEnvironment.getExecutionEnvironment(
                Configuration.fromMap(Map.of("restart-strategy.fixed-delay.attempts", "5"))));

        assertTrue(log.contains("ignored: [restart-strategy.fixed-delay.attempts] apply only with "
                + "restart-strategy.type: fixed-delay, which is not set (it is unset)"), log);
    }

    @Test
    void getConfigurationReportsTheSettingsMadeThroughTheSetters_andConfiguresAnEqualEnvironment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(3)
                .setJobName("reported").setBufferTimeout(-1);
        env.enableCheckpointing(500, CheckpointingMode.AT_LEAST_ONCE);
        env.getCheckpointConfig().setDirectory(dir).setRetainedCheckpoints(4);
        env.setRestartStrategy(RestartStrategy.exponentialBackoff(5, Duration.ofMillis(10), Duration.ofSeconds(2)));
        env.restoreFrom(dir.resolve("reported/chk-3").toString());

        ReadableConfig reported = env.getConfiguration();

        assertEquals(3, reported.get(CoreOptions.DEFAULT_PARALLELISM));
        assertEquals("reported", reported.get(PipelineOptions.NAME));
        assertEquals(false, reported.get(ExecutionOptions.BUFFER_TIMEOUT_ENABLED));
        assertEquals(Duration.ofMillis(500), reported.get(CheckpointingOptions.CHECKPOINTING_INTERVAL));
        assertEquals(CheckpointingMode.AT_LEAST_ONCE, reported.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE));
        assertEquals(dir.toString(), reported.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY));
        assertEquals(4, reported.get(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS));
        assertEquals("exponential-delay", reported.get(RestartStrategyOptions.RESTART_STRATEGY));
        assertEquals(2.0, reported.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER));
        assertEquals("hashmap", reported.get(StateBackendOptions.STATE_BACKEND));
        assertEquals(dir.resolve("reported/chk-3").toString(), reported.get(StateRecoveryOptions.SAVEPOINT_PATH));

        StreamExecutionEnvironment copy = StreamExecutionEnvironment.getExecutionEnvironment(
                Configuration.fromMap(reported.toMap()));
        assertEquals(reported.toMap(), copy.getConfiguration().toMap());
        assertEquals(env.getJobSpec().restartStrategy(), copy.getJobSpec().restartStrategy());
    }

    @Test
    void checkpointingTurnedOnWithoutADirectory_failsAtStartNamingTheDirectoryOption() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                new Configuration().set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1)));
        env.fromData(1, 2, 3).sinkTo(x -> { });
        assertEquals("EnvironmentConfigurationTest", env.getJobName(), "named after the class that created it");

        String message = assertThrows(IllegalArgumentException.class, env::executeAsync).getMessage();

        assertTrue(message.endsWith("or set option execution.checkpointing.dir"), message);
    }

    @Test
    void aCheckpointConfigIsConfiguredAndReadBackOnItsOwn() {
        CheckpointConfig checkpoints = StreamExecutionEnvironment.getExecutionEnvironment().getCheckpointConfig();

        checkpoints.configure(Configuration.fromMap(Map.of("execution.checkpointing.interval", "3 s",
                "state.checkpoints.num-retained", "6", "parallelism.default", "9")));

        assertEquals(3000, checkpoints.getCheckpointInterval());
        assertEquals(6, checkpoints.getRetainedCheckpoints());
        Configuration written = checkpoints.toConfiguration();
        assertEquals("3 s", written.toMap().get("execution.checkpointing.interval"));
        assertFalse(written.containsKey("parallelism.default"));
    }

    private static void assertRefused(Map<String, String> options, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StreamExecutionEnvironment.getExecutionEnvironment(Configuration.fromMap(options)));
        assertEquals(message, e.getMessage());
    }

    /** What the logger (slf4j-simple, writing to System.err) printed while {@code action} ran. */
    private static String capturedStandardError(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
