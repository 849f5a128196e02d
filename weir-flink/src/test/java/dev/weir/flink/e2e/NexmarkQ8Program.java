package dev.weir.flink.e2e;

import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.examples.JobOptions;
import dev.weir.examples.LineFiles;
import dev.weir.nexmark.NexmarkQuery;
import dev.weir.nexmark.NexmarkSources;
import dev.weir.nexmark.model.GeneratorConfig;
import java.nio.file.Path;

/**
 * Nexmark q8 (persons joined with the auctions they opened in the same 10 s tumbling window: {@code connect},
 * {@code keyBy} on both inputs and a {@code KeyedCoProcessFunction} with map state and event-time timers) over
 * {@code --events N} generated events, its rows into exactly-once files under {@code --output}.
 */
public final class NexmarkQ8Program {
    private NexmarkQ8Program() {
    }

    public static void main(String[] args) throws Exception {
        build(args).execute().orThrow();
    }

    static StreamExecutionEnvironment build(String[] args) {
        JobOptions options = JobOptions.parse(args);
        StreamExecutionEnvironment env = Runner.environment(NexmarkQ8Program.class, args, options);
        long events = options.getLong("events", 100_000);
        NexmarkQuery.Q8.apply(env.fromSource(NexmarkSources.generated(GeneratorConfig.defaults(), events,
                                env.getParallelism(), options.getLong("rate", 0)),
                        NexmarkSources.watermarks(NexmarkSources.DEFAULT_OUT_OF_ORDERNESS), "events").uid("events"))
                .sinkTo(LineFiles.exactlyOnce(Path.of(options.getString("output", null)))).name("results").uid("results");
        return env;
    }
}
