package dev.weir.bench;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.connector.DiscardingSink;
import dev.weir.nexmark.NexmarkQuery;
import dev.weir.nexmark.NexmarkSources;
import dev.weir.nexmark.model.GeneratorConfig;
import java.util.Arrays;
import java.util.List;

/**
 * The Nexmark workloads {@code nexmark-q0}, {@code nexmark-q1}, ...: the query of weir-nexmark over
 * {@code --records} generated events (one generator split per source subtask), its rows dropped in a
 * discarding sink, as nexmark's Flink runs end in a blackhole table. Event time advances by
 * {@link #EVENTS_PER_SECOND} events per second, as in nexmark's published runs (TPS 10 M), with
 * watermarks 4 s behind. The Flink peer (weir-bench-flink's {@code NexmarkSql}) runs the nexmark SQL
 * over the same events.
 */
final class NexmarkWorkloads {
    /** Events per second of event time: nexmark's {@code first-event.rate} in its benchmark runs. */
    static final long EVENTS_PER_SECOND = 10_000_000;
    static final List<String> NAMES = Arrays.stream(NexmarkQuery.values()).map(q -> "nexmark-" + q.queryName()).toList();

    private NexmarkWorkloads() {
    }

    static void define(StreamExecutionEnvironment env, String workload, long events, int parallelism) {
        NexmarkQuery query = NexmarkQuery.of(workload.substring("nexmark-".length()));
        if (query == NexmarkQuery.Q12) {
            env.setFireProcessingTimersAtEndOfInput(true);
        }
        GeneratorConfig config = GeneratorConfig.defaults().withEventsPerSecond(EVENTS_PER_SECOND);
        query.apply(env.fromSource(NexmarkSources.generated(config, events, parallelism, 0),
                        NexmarkSources.watermarks(NexmarkSources.DEFAULT_OUT_OF_ORDERNESS), "events").uid("events"))
                .sinkTo(new DiscardingSink<>()).name("results").uid("results");
    }

    static void printResults(JobExecutionResult result) {
        System.out.println("events=" + result.operator("events").recordsOut());
        System.out.println("result_rows=" + result.operator("results").recordsIn());
    }
}
