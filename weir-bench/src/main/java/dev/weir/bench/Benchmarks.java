package dev.weir.bench;

import dev.weir.api.Collector;
import dev.weir.api.JobResult;
import dev.weir.api.RuntimeContext;
import dev.weir.api.StreamEnvironment;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.connector.DiscardingSink;
import dev.weir.examples.JobOptions;
import java.util.Arrays;
import java.util.Locale;

/**
 * Benchmark programs. Usage:
 * {@code java -jar weir-bench.jar <workload> [--records N] [--keys K] [--parallelism P]}.
 * Prints its configuration, then figures, and as the last line {@code throughput_rps=<records/s>},
 * measured from job start to job end (JVM start and job definition excluded).
 */
public final class Benchmarks {

    /** The record of the keyed workloads: a key and a value, immutable. */
    public record KeyedValue(long key, long value) {
    }

    private Benchmarks() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].startsWith("-")) {
            usage("missing workload");
        }
        String workload = args[0];
        long records;
        long keys;
        int parallelism;
        try {
            JobOptions options = JobOptions.parse(Arrays.copyOfRange(args, 1, args.length));
            records = options.getLong("records", workload.equals("stateless") ? 100_000_000L : 20_000_000L);
            keys = options.getLong("keys", 100_000);
            parallelism = options.getInt("parallelism", 2);
            options.rejectUnknown();
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return;
        }
        if (workload.equals("state-memory")) {
            StateMemory.run(keys);
            return;
        }
        System.out.println("workload=" + workload);
        System.out.println("records=" + records);
        System.out.println("keys=" + keys);
        System.out.println("parallelism=" + parallelism);
        System.out.println("java=" + System.getProperty("java.version") + " max_heap_mb="
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " cores=" + Runtime.getRuntime().availableProcessors());

        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism).setJobName(workload);
        switch (workload) {
            case "keyed-sum" -> keyedSum(env, records, keys);
            case "stateless" -> stateless(env, records);
            default -> usage("unknown workload '" + workload + "'");
        }
        JobResult result = env.execute().orThrow();
        double seconds = result.duration().toNanos() / 1e9;
        System.out.println("duration_s=" + String.format(Locale.ROOT, "%.3f", seconds));
        Runtime rt = Runtime.getRuntime();
        System.out.println("heap_used_mb=" + (rt.totalMemory() - rt.freeMemory()) / (1 << 20));
        System.out.println("throughput_rps=" + Math.round(records / seconds));
    }

    /** generator (key = i % K, value 1) → keyBy → running sum in ValueState → discarding sink. */
    static void keyedSum(StreamEnvironment env, long records, long keys) {
        env.fromGenerator(records, i -> new KeyedValue(i % keys, 1L)).name("generator")
                .keyBy(KeyedValue::key)
                .process(new RunningSum()).name("sum").uid("sum")
                .sinkTo(new DiscardingSink<>()).name("discard");
    }

    /** generator → map → filter → discarding sink, all chained. */
    static void stateless(StreamEnvironment env, long records) {
        env.fromSequence(0, records - 1).name("generator")
                .map(i -> i * 3).name("map")
                .filter(i -> (i & 1) == 0).name("filter")
                .sinkTo(new DiscardingSink<>()).name("discard");
    }

    static final class RunningSum implements KeyedProcessFunction<Long, KeyedValue, Long> {
        private transient ValueState<Long> sum;

        @Override
        public void open(RuntimeContext context) {
            sum = context.getState(new ValueStateDescriptor<>("sum", Long.class));
        }

        @Override
        public void processElement(KeyedValue value, Context<Long> context, Collector<Long> out) {
            Long current = sum.value();
            long next = (current == null ? 0 : current) + value.value();
            sum.update(next);
            out.collect(next);
        }
    }

    private static void usage(String problem) {
        System.err.println("weir-bench: " + problem);
        System.err.println("usage: java -jar weir-bench.jar <keyed-sum|stateless|state-memory> [--records N] [--keys K] [--parallelism P]");
        System.exit(2);
    }
}
