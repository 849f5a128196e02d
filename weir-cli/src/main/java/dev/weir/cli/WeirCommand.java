package dev.weir.cli;

import dev.weir.examples.Counts;
import dev.weir.examples.WordCount;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;


/**
 * The {@code weir} command. {@code weir run <job> [--option value ...]} runs a built-in job in
 * this JVM; {@code weir help} lists them. Exit codes: 0 success, 1 the job failed, 2 bad usage.
 */
public final class WeirCommand {

    private static final Map<String, Job> JOBS = new LinkedHashMap<>();

    /** A job's entry point. */
    @FunctionalInterface
    private interface Main {
        void run(String[] args) throws Exception;
    }

    private record Job(String usage, Main main) {
    }

    static {
        JOBS.put("counts", new Job("[--records N] [--keys K] [--parallelism P] [--checkpoint-interval 200ms]"
                + " [--checkpoint-dir DIR] [--output DIR] [--rate R] [--restore latest] [--state heap]"
                + "   exactly-once running counts into files", Counts::main));
        JOBS.put("wordcount", new Job("--input FILE [--parallelism P] [--top N]   count the words of a text file",
                WordCount::main));
    }

    private WeirCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            usage();
            return args.length == 0 ? 2 : 0;
        }
        if (!args[0].equals("run")) {
            System.err.println("weir: unknown command '" + args[0] + "'");
            usage();
            return 2;
        }
        if (args.length < 2) {
            System.err.println("weir run: which job? one of " + JOBS.keySet());
            return 2;
        }
        Job job = JOBS.get(args[1]);
        if (job == null) {
            System.err.println("weir run: unknown job '" + args[1] + "'; jobs: " + JOBS.keySet());
            return 2;
        }
        try {
            job.main().run(Arrays.copyOfRange(args, 2, args.length));
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("weir run " + args[1] + ": " + e.getMessage());
            System.err.println("usage: weir run " + args[1] + " " + job.usage());
            return 2;
        } catch (Exception e) {
            System.err.println("weir run " + args[1] + ": job failed: " + e.getMessage());
            e.printStackTrace(System.err);
            return 1;
        }
    }

    private static void usage() {
        System.err.println("usage: weir run <job> [--option value ...]");
        System.err.println("jobs:");
        JOBS.forEach((name, job) -> System.err.println("  " + name + " " + job.usage()));
    }
}
