package dev.weir.examples;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), job.getName()));
        command.addAll(arguments);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** {@code --restore latest} once the job has left its trace in the checkpoint directory, else nothing. */
    static List<String> resumeOptions(Path checkpoints, String job) {
        return new dev.weir.checkpoint.CheckpointStorage(checkpoints, job).hasTrace()
                ? List.of("--restore", "latest") : List.of();
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
