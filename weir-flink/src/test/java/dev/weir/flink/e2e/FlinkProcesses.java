package dev.weir.flink.e2e;

import java.time.Duration;
import java.util.List;

/**
 * The Flink JVMs the Flink runner started from this (test) JVM: its descendant processes whose command line
 * names a Flink TaskManager or JobManager entry point.
 */
final class FlinkProcesses {
    private FlinkProcesses() {
    }

    /** The running TaskManager JVMs started from this JVM. */
    static List<ProcessHandle> taskManagers() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> commandLine(p).contains("TaskManager")).toList();
    }

    /** The running Flink JVMs (JobManager and TaskManagers) started from this JVM. */
    static List<ProcessHandle> all() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> commandLine(p).contains("TaskManager") || commandLine(p).contains("JobManager")
                        || commandLine(p).contains("ClusterEntrypoint")).toList();
    }

    /**
     * Waits up to {@code grace} for the Flink JVMs to end (the runner stops its local cluster when the job
     * ends), then ends the ones that are left and returns their command lines (empty when none were left).
     */
    static List<String> endLeftovers(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (!all().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        List<ProcessHandle> left = all();
        List<String> lines = left.stream().map(FlinkProcesses::commandLine).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        return lines;
    }

    /** The process's command line, from /proc on Linux (ProcessHandle.Info may leave it out), else as Java has it. */
    static String commandLine(ProcessHandle process) {
        try {
            byte[] raw = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/" + process.pid() + "/cmdline"));
            return new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (java.io.IOException | RuntimeException e) {
            return process.info().commandLine().orElse("");
        }
    }
}
