package dev.weir.api.configuration;

/** Where a job starts from (Flink's name and keys). */
public class StateRecoveryOptions {

    /**
     * The checkpoint or savepoint to start from: the path of a {@code chk-<n>} directory, or (Weir's
     * addition) {@code latest} for the job's newest completed checkpoint in the checkpoint directory
     * ({@code env.restoreFrom}).
     */
    public static final ConfigOption<String> SAVEPOINT_PATH = ConfigOptions.key("execution.state-recovery.path")
            .stringType().noDefaultValue()
            .withDescription("The checkpoint to start from: a chk-<n> path, or latest.")
            .withDeprecatedKeys("execution.savepoint.path");

    /**
     * Whether state of operators the job no longer has may be dropped on restore (default false;
     * {@code env.setAllowNonRestoredState}).
     */
    public static final ConfigOption<Boolean> SAVEPOINT_IGNORE_UNCLAIMED_STATE =
            ConfigOptions.key("execution.state-recovery.ignore-unclaimed-state")
                    .booleanType().defaultValue(false)
                    .withDescription("Whether state of operators the job no longer has may be dropped on restore.")
                    .withDeprecatedKeys("execution.savepoint.ignore-unclaimed-state");

    StateRecoveryOptions() {
    }
}
