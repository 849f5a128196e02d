package dev.weir.flink.nexmark;

import dev.weir.api.DataStream;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.flink.window.Results;
import dev.weir.nexmark.NexmarkQuery;
import dev.weir.nexmark.NexmarkSources;
import dev.weir.nexmark.model.Event;
import dev.weir.nexmark.model.GeneratorConfig;

/**
 * One Nexmark query of weir-nexmark over generated events (two source subtasks), its rows as CSV lines in the run's
 * results. Arguments: the run id, the query ({@code q3}, {@code q7}, ...), the number of events.
 */
public final class NexmarkQueryProgram {

    private NexmarkQueryProgram() {
    }

    public static void main(String[] args) {
        String runId = args[0];
        NexmarkQuery query = NexmarkQuery.of(args[1]);
        long events = Long.parseLong(args[2]);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        DataStream<Event> input = env.fromSource(NexmarkSources.generated(GeneratorConfig.defaults(), events, 2, 0),
                NexmarkSources.watermarks(NexmarkSources.DEFAULT_OUT_OF_ORDERNESS), "events").uid("events");
        query.apply(input).map(String::valueOf).sinkTo(Results.sink(runId)).name("results");
        env.execute("nexmark-" + query.queryName());
    }
}
