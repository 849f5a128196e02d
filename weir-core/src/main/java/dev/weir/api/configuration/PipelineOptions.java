package dev.weir.api.configuration;

/** Options of the job as a whole (Flink's name); Weir supports its name and maximum parallelism. */
public class PipelineOptions {

    /**
     * The job's name ({@code env.setJobName}): its folder in the checkpoint directory. Letters, digits,
     * '.', '_' and '-'.
     */
    public static final ConfigOption<String> NAME = ConfigOptions.key("pipeline.name")
            .stringType().noDefaultValue()
            .withDescription("The job's name; it names the job's folder in the checkpoint directory.");

    /**
     * Number of key groups, the highest parallelism keyed state can be rescaled to
     * ({@code env.setMaxParallelism}); -1 (the default) means Weir's default, 128.
     */
    public static final ConfigOption<Integer> MAX_PARALLELISM = ConfigOptions.key("pipeline.max-parallelism")
            .intType().defaultValue(-1)
            .withDescription("Number of key groups; -1 for the default (128).");

    PipelineOptions() {
    }
}
