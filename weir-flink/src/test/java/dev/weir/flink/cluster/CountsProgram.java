package dev.weir.flink.cluster;

import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.configuration.Configuration;
import dev.weir.examples.Counts;
import java.nio.file.Path;
import java.util.List;

/**
 * A test program: the counts job (generator, running count per key, exactly-once files) on the Flink runner.
 * Arguments: cluster kind, records, keys, output directory, checkpoint directory.
 */
public final class CountsProgram {

    private CountsProgram() {
    }

    public static void main(String[] args) {
        environment(args).execute();
    }

    /** The job's environment, configured for the Flink runner with this program and {@code args}. */
    public static StreamExecutionEnvironment environment(String[] args) {
        Configuration conf = new Configuration();
        conf.setString("execution.target", "flink");
        conf.setString("weir.flink.cluster", args[0]);
        dev.weir.flink.FlinkRunnerOptions.program(conf, CountsProgram.class, List.of(args));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.setJobName("counts-on-flink");
        env.enableCheckpointing(100);
        env.getCheckpointConfig().setDirectory(args[4]);
        Counts.define(env, Long.parseLong(args[1]), Long.parseLong(args[2]), 0, Path.of(args[3]));
        return env;
    }
}
