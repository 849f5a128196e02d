package dev.weir.examples;

import dev.weir.checkpoint.CheckpointMetadata;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts the counts job (or another job's {@code main}) in a child JVM (this test's class path), its
 * output and errors to {@code log}.
 */
final class CountsProcess {

    private CountsProcess() {
    }

    static Process start(Path log, List<String> arguments) throws Exception {
        return start(log, List.of("-Xmx512m"), arguments);
    }

    /** As {@link #start(Path, List)}, with these JVM options (e.g. the heap) instead of {@code -Xmx512m}. */
    static Process start(Path log, List<String> jvmOptions, List<String> arguments) throws Exception {
        return start(Counts.class, log, jvmOptions, arguments);
    }

    /** As {@link #start(Path, List, List)}, for the job whose {@code main} is in {@code job}. */
    static Process start(Class<?> job, Path log, List<String> jvmOptions, List<String> arguments) throws Exception {
        return start(job, log, jvmOptions, arguments, Map.of());
    }

    /**
     * As {@link #start(Class, Path, List, List)}, with these environment variables set in the child
     * (a null value removes the variable).
     */
    static Process start(Class<?> job, Path log, List<String> jvmOptions, List<String> arguments,
                         Map<String, String> environment) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), job.getName()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        return builder.start();
    }

    /** {@code --restore latest} once the job has left its trace in the checkpoint directory, else nothing. */
    static List<String> resumeOptions(Path checkpoints, String job) {
        return new dev.weir.checkpoint.CheckpointStorage(checkpoints, job).hasTrace()
                ? List.of("--restore", "latest") : List.of();
    }

    /** The highest id of a complete checkpoint (with metadata) of the job, or 0. */
    static long latestCompletedCheckpoint(Path checkpoints, String jobName) {
        Path job = checkpoints.resolve(jobName);
        if (!Files.isDirectory(job)) {
            return 0;
        }
        try (Stream<Path> dirs = Files.list(job)) {
            return dirs.filter(d -> d.getFileName().toString().matches("chk-\\d+")
                            && Files.exists(d.resolve(CheckpointMetadata.FILE_NAME)))
                    .mapToLong(d -> Long.parseLong(d.getFileName().toString().substring(4)))
                    .max().orElse(0);
        } catch (IOException | UncheckedIOException e) {
            return 0; // a directory deleted while listing: ask again
        }
    }

    /** What a run printed into its log, for failure messages. */
    static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
