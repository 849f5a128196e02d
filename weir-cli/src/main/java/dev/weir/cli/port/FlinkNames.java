package dev.weir.cli.port;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code weir port} knows about Flink's names beyond Weir's classes: the Flink classes and
 * packages it deliberately does not map although Weir has classes of the same simple names (they mean
 * another thing there), and hints for Flink packages Weir has no counterpart of. Keys ending in
 * {@code .} are package prefixes, the others whole class names (nested classes with dots).
 */
final class FlinkNames {
    private static final String GUIDE = "docs/PORTING-FROM-FLINK.md";

    /** Never mapped by simple name: a Weir class of that name exists but is not this Flink class. */
    private static final Map<String, String> NOT_MAPPED = new LinkedHashMap<>();

    /**
     * Exceptions inside the not-mapped packages: classes a job uses with the built-in connectors
     * (a data generator's rate limit, a generator function's open context), which Weir has with
     * Flink's meaning.
     */
    private static final java.util.List<String> MAPPED_NEVERTHELESS = java.util.List.of(
            "org.apache.flink.api.connector.source.util.ratelimit.",
            "org.apache.flink.api.connector.source.SourceReaderContext");

    /** Why a Flink class has no counterpart, when Weir has no class of its name. */
    private static final Map<String, String> HINTS = new LinkedHashMap<>();

    static {
        String connectors = "Weir's interfaces for writing your own connectors (dev.weir.api.connector: Source, "
                + "SourceReader, Sink, TwoPhaseCommitSink) are Weir's own; port this connector by hand ("
                + GUIDE + ", \"Your own sources and sinks\")";
        NOT_MAPPED.put("org.apache.flink.api.connector.source.", "Flink's source interfaces (FLIP-27: "
                + "enumerator and splits) are not Weir's; " + connectors);
        NOT_MAPPED.put("org.apache.flink.api.connector.sink2.", "Flink's Sink V2 (SinkWriter, Committer) is "
                + "not Weir's Sink; " + connectors);
        NOT_MAPPED.put("org.apache.flink.streaming.api.functions.sink.legacy.SinkFunction",
                "Flink's legacy SinkFunction is not Weir's Sink; " + connectors);
        NOT_MAPPED.put("org.apache.flink.streaming.api.functions.source.legacy.SourceFunction",
                "Flink's legacy SourceFunction is not Weir's Source; " + connectors);
        NOT_MAPPED.put("org.apache.flink.api.common.typeutils.", "Flink's TypeSerializer (DataOutputView, "
                + "serializer snapshots) is not Weir's dev.weir.api.serialization.TypeSerializer (bytes in a "
                + "versioned state format); write the serializer against Weir's interface");
        NOT_MAPPED.put("org.apache.flink.streaming.experimental.CollectSink", "Flink's experimental CollectSink "
                + "sends records to a socket; Weir's dev.weir.connector.CollectSink collects them in this JVM");
        NOT_MAPPED.put("org.apache.flink.api.common.state.v2.", "Flink's asynchronous state API (State V2, "
                + "StateFuture) is not Weir's: Weir's state is synchronous; use the classes of "
                + "org.apache.flink.api.common.state, which map to dev.weir.api.state");
        NOT_MAPPED.put("org.apache.flink.datastream.", "Flink's DataStream API V2 is not the API Weir follows "
                + "(the DataStream API of org.apache.flink.streaming.api)");
        NOT_MAPPED.put("org.apache.flink.api.connector.dsv2.", "Flink's DataStream API V2 connectors are not "
                + "the API Weir follows (the DataStream API of org.apache.flink.streaming.api)");

        HINTS.put("org.apache.flink.table.", "Weir has no Table API or SQL; write the job with the DataStream API");
        HINTS.put("org.apache.flink.cep.", "Weir has no CEP library; match patterns in a KeyedProcessFunction "
                + "with keyed state and timers");
        String windows = "Weir has Flink's windows (assigners, triggers, CountEvictor, window functions) but not "
                + "this class; see " + GUIDE + ", \"Windows\"";
        HINTS.put("org.apache.flink.streaming.api.windowing.", windows);
        HINTS.put("org.apache.flink.streaming.api.functions.windowing.", windows);
        HINTS.put("org.apache.flink.streaming.api.functions.co.", "Weir has connected streams (CoMapFunction, "
                + "CoFlatMapFunction, CoProcessFunction, KeyedCoProcessFunction), ProcessJoinFunction and broadcast "
                + "state (BroadcastProcessFunction, KeyedBroadcastProcessFunction) but not this class");
        HINTS.put("org.apache.flink.streaming.api.datastream.AsyncDataStream", "Weir has no async I/O operator");
        HINTS.put("org.apache.flink.streaming.api.functions.async.", "Weir has no async I/O operator");
        HINTS.put("org.apache.flink.state.rocksdb.", "RocksDB state is Weir's dev.weir.rocksdb.RocksDBStateBackend "
                + "(module weir-rocksdb)");
        HINTS.put("org.apache.flink.contrib.streaming.state.", "RocksDB state is Weir's "
                + "dev.weir.rocksdb.RocksDBStateBackend (module weir-rocksdb)");
        HINTS.put("org.apache.flink.streaming.util.", "Flink's operator test harnesses: Weir's is "
                + "dev.weir.testing.OperatorHarness");
        HINTS.put("org.apache.flink.test.", "Flink's MiniCluster test utilities: a Weir job runs in the test's "
                + "own JVM with env.execute(); operators are tested with dev.weir.testing.OperatorHarness");
        HINTS.put("org.apache.flink.runtime.testutils.", "Flink's MiniCluster test utilities: a Weir job runs in "
                + "the test's own JVM with env.execute()");
    }

    private FlinkNames() {
    }

    /** Why this Flink class is deliberately not mapped, if it is one of those. */
    static Optional<String> notMapped(String flinkClass) {
        return mappedNevertheless(flinkClass) ? Optional.empty() : lookup(NOT_MAPPED, flinkClass);
    }

    /** A hint for a Flink class Weir has no class of that name for, if one is known. */
    static Optional<String> hint(String flinkClass) {
        return lookup(HINTS, flinkClass);
    }

    /** Whether a Flink wildcard import of this package is deliberately not mapped. */
    static Optional<String> notMappedPackage(String flinkPackage) {
        return mappedNevertheless(flinkPackage + ".") ? Optional.empty() : lookup(NOT_MAPPED, flinkPackage + ".");
    }

    private static boolean mappedNevertheless(String name) {
        return MAPPED_NEVERTHELESS.stream().anyMatch(exception -> name.startsWith(exception));
    }

    private static Optional<String> lookup(Map<String, String> table, String name) {
        for (Map.Entry<String, String> entry : table.entrySet()) {
            String key = entry.getKey();
            if (key.endsWith(".") ? name.startsWith(key) : name.equals(key)) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }
}
