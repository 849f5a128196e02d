package dev.weir.flink.e2e;

import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.examples.ClickGenerator;
import dev.weir.examples.JobOptions;
import dev.weir.examples.Sessions;
import java.nio.file.Path;

/**
 * The {@code sessions} example job (weir-examples' {@link Sessions#define}: event-time session windows with an
 * incremental aggregate and a process window function, late clicks to a side output, both into exactly-once
 * files under {@code --output}) as a program a TaskManager can run again: {@code --clicks N --users U --rate R}.
 */
public final class SessionsProgram {
    private SessionsProgram() {
    }

    public static void main(String[] args) throws Exception {
        build(args).execute().orThrow();
    }

    static StreamExecutionEnvironment build(String[] args) {
        JobOptions options = JobOptions.parse(args);
        StreamExecutionEnvironment env = Runner.environment(SessionsProgram.class, args, options);
        Path output = Path.of(options.getString("output", null));
        Sessions.define(env, ClickGenerator.source(options.getLong("clicks", 3_000), options.getLong("users", 20),
                options.getLong("rate", 0)), Sessions.sessionsDir(output), Sessions.lateDir(output));
        return env;
    }
}
