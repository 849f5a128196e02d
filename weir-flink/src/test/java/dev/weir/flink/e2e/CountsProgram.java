package dev.weir.flink.e2e;

import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.examples.Counts;
import dev.weir.examples.CountsKafka;
import dev.weir.examples.JobOptions;
import dev.weir.examples.LineFiles;
import java.nio.file.Path;

/**
 * The {@code counts} example job (weir-examples' {@link Counts#define}: generator → keyBy → running count →
 * exactly-once sink) as a program a TaskManager can run again: {@code --records N --keys K --rate R} and
 * {@code --output DIR} (exactly-once files) or {@code --sink kafka --bootstrap-servers S --topic T}; see
 * {@link Runner} for the rest.
 */
public final class CountsProgram {
    private CountsProgram() {
    }

    public static void main(String[] args) throws Exception {
        build(args).execute().orThrow();
    }

    static StreamExecutionEnvironment build(String[] args) {
        JobOptions options = JobOptions.parse(args);
        StreamExecutionEnvironment env = Runner.environment(CountsProgram.class, args, options);
        long records = options.getLong("records", 10_000);
        long keys = options.getLong("keys", 100);
        long rate = options.getLong("rate", 0);
        RateLimiterStrategy limit = rate > 0 ? RateLimiterStrategy.perSecond(rate) : RateLimiterStrategy.noOp();
        DataGeneratorSource<Counts.Event> source = new DataGeneratorSource<>(seq -> new Counts.Event(seq, seq % keys),
                records, limit, TypeInformation.of(Counts.Event.class));
        if (options.getString("sink", "files").equals("kafka")) {
            Counts.define(env, source, "generator", CountsKafka.sink(options.getString("bootstrap-servers", null),
                    options.getString("topic", null)), "kafka-sink");
        } else {
            Counts.define(env, source, "generator", LineFiles.exactlyOnce(Path.of(options.getString("output", null))),
                    "files");
        }
        return env;
    }
}
