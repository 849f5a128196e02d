package dev.weir.api.spi;

import dev.weir.api.configuration.ConfigOption;
import dev.weir.api.configuration.ConfigOptions;
import dev.weir.api.configuration.Configuration;
import dev.weir.api.configuration.ReadableConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The program that builds a job: its main class and arguments, as options of the job's configuration (Flink's
 * keys). A runner for a distributed engine runs the program again in each worker to rebuild the plan (see
 * {@link PlanCapture}); the Flink runner's {@code FlinkRunnerOptions.program} sets these. Here, in weir-core, so
 * that a command line can name its program without depending on a runner.
 */
public final class ProgramOptions {

    /** The class whose {@code public static void main(String[])} builds and executes the job. */
    public static final ConfigOption<String> MAIN = ConfigOptions.key("$internal.application.main")
            .stringType().noDefaultValue()
            .withDescription("The program's main class; each worker runs it to rebuild the job's plan.");

    /** The program's arguments, encoded by {@link #encodeArgs}. */
    public static final ConfigOption<String> ARGS = ConfigOptions.key("$internal.application.program-args")
            .stringType().defaultValue("")
            .withDescription("The program's arguments, for the workers' rebuild of the plan.");

    private ProgramOptions() {
    }

    /** Sets the program: {@code mainClass} run with {@code args}. */
    public static Configuration set(Configuration configuration, Class<?> mainClass, List<String> args) {
        configuration.set(MAIN, mainClass.getName());
        configuration.set(ARGS, encodeArgs(args));
        return configuration;
    }

    /** The program's arguments set in {@code configuration}. */
    public static List<String> args(ReadableConfig configuration) {
        return decodeArgs(configuration.get(ARGS));
    }

    /** Arguments as one string: each argument's length, a colon, the argument. */
    public static String encodeArgs(List<String> args) {
        StringBuilder out = new StringBuilder();
        for (String arg : args) {
            out.append(arg.length()).append(':').append(arg);
        }
        return out.toString();
    }

    /** The arguments {@link #encodeArgs} encoded. */
    public static List<String> decodeArgs(String encoded) {
        List<String> args = new ArrayList<>();
        int at = 0;
        while (at < encoded.length()) {
            int colon = encoded.indexOf(':', at);
            if (colon < 0) {
                throw new IllegalArgumentException("malformed program arguments at character " + at + ": expected "
                        + "<length>:<argument>");
            }
            int length = Integer.parseInt(encoded.substring(at, colon));
            args.add(encoded.substring(colon + 1, colon + 1 + length));
            at = colon + 1 + length;
        }
        return args;
    }
}
