package dev.weir.flink.translate.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the writer and the committer of one Weir sink subtask meet in this JVM: Flink chains the committer to its
 * writer (same parallelism, forward), so both run in one task, on its thread, and the committer commits through
 * the writer's Weir sink (a Kafka transaction is committed by the producer that wrote it). Keyed by Flink job,
 * node, subtask and attempt, so a restarted attempt never meets its predecessor.
 *
 * <p>On a restore Flink's committer starts before its writer and commits what its state lists at once; those are
 * handed over here ({@link #deferRestored}), and the writer commits them with the ones its own state lists.
 */
final class SinkSubtasks {

    private static final Map<String, Slot> SLOTS = new ConcurrentHashMap<>();

    /** One subtask's meeting point. */
    static final class Slot {
        private WeirSinkWriter<?> writer;
        private final List<byte[]> deferred = new ArrayList<>();

        synchronized WeirSinkWriter<?> writer() {
            return writer;
        }

        synchronized void defer(List<byte[]> pending) {
            deferred.addAll(pending);
        }

        synchronized List<byte[]> attach(WeirSinkWriter<?> writer) {
            this.writer = writer;
            List<byte[]> handed = List.copyOf(deferred);
            deferred.clear();
            return handed;
        }
    }

    private SinkSubtasks() {
    }

    static String key(String jobId, int nodeId, int subtask, int attempt) {
        return jobId + "/" + nodeId + "/" + subtask + "/" + attempt;
    }

    static Slot slot(String key) {
        return SLOTS.computeIfAbsent(key, k -> new Slot());
    }

    static void remove(String key) {
        SLOTS.remove(key);
    }
}
