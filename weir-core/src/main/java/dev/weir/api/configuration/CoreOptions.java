package dev.weir.api.configuration;

/** General options (Flink's name); Weir supports the default parallelism. */
public class CoreOptions {

    /**
     * Parallelism of every operator that does not set its own ({@code env.setParallelism}). Unset, a
     * Weir environment uses the number of cores, at most 4; the declared default 1 is Flink's.
     */
    public static final ConfigOption<Integer> DEFAULT_PARALLELISM = ConfigOptions.key("parallelism.default")
            .intType().defaultValue(1)
            .withDescription("Parallelism of operators that do not set their own.");

    CoreOptions() {
    }
}
