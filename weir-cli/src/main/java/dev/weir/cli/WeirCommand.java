package dev.weir.cli;

import dev.weir.examples.Counts;
import dev.weir.examples.WordCount;
import dev.weir.checkpoint.CheckpointMetadata;
import dev.weir.checkpoint.CheckpointStorage;
import dev.weir.checkpoint.OperatorStateHandles;
import dev.weir.checkpoint.SubtaskStateHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
                + " [--checkpoint-dir DIR] [--output DIR] [--rate R] [--restore latest] [--state heap|rocksdb]"
                + " [--incremental true|false]"
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
        if (args[0].equals("checkpoints")) {
            return checkpoints(Arrays.copyOfRange(args, 1, args.length));
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

    /** {@code weir checkpoints inspect <chk-dir | job-dir>}: what a checkpoint holds, verified. */
    static int checkpoints(String[] args) {
        if (args.length != 2 || !args[0].equals("inspect")) {
            System.err.println("usage: weir checkpoints inspect <checkpoint directory chk-N, or a job's directory>");
            return 2;
        }
        Path path = Path.of(args[1]);
        List<Path> targets = new ArrayList<>();
        if (Files.exists(path.resolve(CheckpointMetadata.FILE_NAME)) || path.getFileName().toString().startsWith("chk-")) {
            targets.add(path);
        } else {
            CheckpointStorage storage = new CheckpointStorage(path.toAbsolutePath().getParent(),
                    path.getFileName().toString());
            for (long id : storage.checkpointIds()) {
                if (storage.completedCheckpointIds().contains(id)) {
                    targets.add(storage.checkpointDirectory(id));
                } else {
                    System.out.println(storage.checkpointDirectory(id) + ": incomplete (in progress, or left by a crash)");
                }
            }
            if (targets.isEmpty()) {
                System.err.println("weir checkpoints inspect: no chk-N directories in " + path);
                return 2;
            }
        }
        int bad = 0;
        for (Path target : targets) {
            try {
                CheckpointMetadata m = CheckpointStorage.loadVerified(target).metadata();
                System.out.printf("%s: checkpoint %d of job '%s', taken %s, %d bytes, max parallelism %d, intact%n",
                        target, m.checkpointId(), m.jobName(), java.time.Instant.ofEpochMilli(m.timestamp()),
                        m.totalBytes(), m.maxParallelism());
                for (OperatorStateHandles op : m.operators()) {
                    long bytes = op.subtasks().stream().mapToLong(SubtaskStateHandle::bytes).sum();
                    System.out.printf("  operator uid '%s' ('%s'), parallelism %d, %d bytes%n", op.uid(), op.name(),
                            op.parallelism(), bytes);
                }
            } catch (java.io.IOException e) {
                bad++;
                System.out.println(target + ": NOT USABLE: " + e.getMessage());
            }
        }
        return bad == 0 ? 0 : 1;
    }

    private static void usage() {
        System.err.println("usage: weir run <job> [--option value ...]");
        System.err.println("       weir checkpoints inspect <chk-dir | job-dir>");
        System.err.println("jobs:");
        JOBS.forEach((name, job) -> System.err.println("  " + name + " " + job.usage()));
    }
}
