package dev.weir.api.configuration;

/** Options of the job as a whole (Flink's name); Weir supports its name, maximum parallelism and
 * watermark interval. */
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

    /**
     * How often watermark generators are asked for a periodic watermark
     * ({@code env.getConfig().setAutoWatermarkInterval}); 0 turns periodic watermarks off. Default 200 ms.
     */
    public static final ConfigOption<java.time.Duration> AUTO_WATERMARK_INTERVAL =
            ConfigOptions.key("pipeline.auto-watermark-interval")
            .durationType().defaultValue(java.time.Duration.ofMillis(200))
            .withDescription("The interval of periodic watermarks; 0 turns them off.");

    PipelineOptions() {
    }
}
