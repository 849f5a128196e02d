package dev.weir.kafka;

import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.testing.FaultInjector;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;

/**
 * The exactly-once job of {@link KafkaEpochOverflowTest} in a child JVM: at the crash point it
 * writes the checkpoint id to a marker file and stops there, so that the test kills it with
 * SIGKILL at exactly that point.
 */
final class OverflowJobProcess {

    private OverflowJobProcess() {
    }

    /** Starts the child JVM (this test's class path), its output and errors to {@code log}. */
    static Process start(String servers, String topic, Path checkpoints, FaultInjector.Point point,
                         long producerIdBefore, Path marker, Path log) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        return new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                OverflowJobProcess.class.getName(), servers, topic, checkpoints.toString(), point.name(),
                Long.toString(producerIdBefore), marker.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (java.io.IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    public static void main(String[] args) throws Exception {
        String servers = args[0];
        String topic = args[1];
        Path checkpoints = Path.of(args[2]);
        FaultInjector.Point point = FaultInjector.Point.valueOf(args[3]);
        long producerIdBefore = Long.parseLong(args[4]);
        Path marker = Path.of(args[5]);
        try (Admin admin = KafkaTesting.admin(servers)) {
            StreamExecutionEnvironment env = KafkaEpochOverflowTest.env(topic, checkpoints).setFaultInjector(
                    KafkaEpochOverflowTest.crashAtTheLastEpoch(admin, point, topic + "-0-0", producerIdBefore,
                            new AtomicLong(Long.MIN_VALUE), (at, checkpointId) -> {
                                Files.writeString(marker, Long.toString(checkpointId));
                                Thread.sleep(Long.MAX_VALUE); // until the test kills this JVM
                            }));
            KafkaEpochOverflowTest.define(env, servers, topic, 5_000, 5_000, null);
            System.out.println("the job ended without reaching the crash point: " + env.executeAsync().awaitResult().status());
        }
        System.exit(3);
    }
}
