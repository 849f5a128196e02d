package dev.weir.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.Collector;
import dev.weir.api.JobExecutionResult;
import dev.weir.api.JobStatus;
import dev.weir.api.RestartStrategy;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.StateBackend;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.state.KeyedStateBackendFactory;
import dev.weir.testing.ClassVersions;
import dev.weir.testing.CountingJobs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State schema evolution through real jobs on both backends: a job keeps version 1 of a record (in value
 * state) and of a POJO (in map state), ends with its final checkpoint; the job restored with version 2 of the
 * classes — compiled from other sources under the same names, loaded by another class loader — reads every
 * value with the fields that were removed dropped and the added ones at their defaults; restored with an
 * incompatible version 3 (a field's type changed) it fails naming the operator uid, the state, the field and
 * both types. The restores change the parallelism too (2, then 3, then 1), so values are migrated after their
 * key groups moved; a map state's keys (a record that gains a field) migrate as well.
 */
class StateSchemaEvolutionJobTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    private static final int KEYS = 20;

    @TempDir
    Path dir;

    private static final String ADDRESS_V1 = """
            package evolution;
            public record Address(String city, int zip) {}
            """;
    private static final String ORDER_V1 = """
            package evolution;
            public record Order(String customer, long amount, String note, Address address, java.util.List<String> tags,
                                Kind kind) {}
            """;
    private static final String KIND = """
            package evolution;
            public enum Kind { RETAIL, WHOLESALE }
            """;
    private static final String STATS_V1 = """
            package evolution;
            public class Stats {
                public long count;
                public String last;
                private Integer misses;
                public Stats() {}
                public Integer getMisses() { return misses; }
                public void setMisses(Integer misses) { this.misses = misses; }
            }
            """;

    /** note removed; priority (primitive), boxed (Long) and Address.country added. */
    private static final String ADDRESS_V2 = """
            package evolution;
            public record Address(String city, int zip, String country) {}
            """;
    private static final String ORDER_V2 = """
            package evolution;
            public record Order(String customer, long amount, Address address, java.util.List<String> tags, Kind kind,
                                int priority, Long boxed) {}
            """;
    /** last removed; average added, with a default its constructor sets. */
    private static final String STATS_V2 = """
            package evolution;
            public class Stats {
                public long count;
                public double average = -1;
                private Integer misses;
                public Stats() {}
                public Integer getMisses() { return misses; }
                public void setMisses(Integer misses) { this.misses = misses; }
            }
            """;

    /** amount changed from long to String: incompatible. */
    private static final String ORDER_V3 = """
            package evolution;
            public record Order(String customer, String amount, Address address, java.util.List<String> tags, Kind kind) {}
            """;

    private static final String PART_V1 = """
            package evolution;
            public record Part(String sku) {}
            """;
    /** A map key that gains a field. */
    private static final String PART_V2 = """
            package evolution;
            public record Part(String sku, int size) {}
            """;

    /** Writes (write = true) or reads and reports (false) the state of each key it sees. */
    public static final class OrdersFunction extends KeyedProcessFunction<Long, Long, String> {
        final Class<Object> orderClass;
        final Class<Object> statsClass;
        final Class<Object> partClass;
        final boolean write;
        final Map<Long, String> seen;
        transient ValueState<Object> orders;
        transient MapState<String, Object> stats;
        transient MapState<Object, Long> parts;

        OrdersFunction(ClassVersions classes, boolean write, Map<Long, String> seen) {
            this.orderClass = classes.load("evolution.Order");
            this.statsClass = classes.load("evolution.Stats");
            this.partClass = classes.load("evolution.Part");
            this.write = write;
            this.seen = seen;
        }

        @Override
        public void open(OpenContext openContext) {
            orders = getRuntimeContext().getState(new ValueStateDescriptor<>("orders", orderClass));
            stats = getRuntimeContext().getMapState(new MapStateDescriptor<>("stats", String.class, statsClass));
            parts = getRuntimeContext().getMapState(new MapStateDescriptor<>("parts", partClass, Long.class));
        }

        @Override
        public void processElement(Long key, Context context, Collector<String> out) throws Exception {
            if (write) {
                orders.update(orderV1(orderClass, key));
                stats.put("s" + key, ClassVersions.newPojo(statsClass, "count", key * 10, "last", "x" + key));
                if (key % 2 == 0) {
                    stats.put("t" + key, ClassVersions.newPojo(statsClass, "count", key, "last", null));
                }
                parts.put(ClassVersions.newRecord(partClass, "p" + key), key);
                parts.put(ClassVersions.newRecord(partClass, "q" + key), -key);
                return;
            }
            StringBuilder text = new StringBuilder(String.valueOf(orders.value()));
            for (Map.Entry<String, Object> entry : new TreeMap<>(toMap(stats.entries())).entrySet()) {
                text.append(" | ").append(entry.getKey()).append(": ").append(ClassVersions.describePojo(entry.getValue()));
            }
            Map<String, Long> byPart = new TreeMap<>();
            parts.entries().forEach(e -> byPart.put(e.getKey().toString(), e.getValue()));
            text.append(" | ").append(byPart);
            seen.put(key, text.toString());
        }

        private static Map<String, Object> toMap(Iterable<Map.Entry<String, Object>> entries) {
            Map<String, Object> map = new TreeMap<>();
            entries.forEach(e -> map.put(e.getKey(), e.getValue()));
            return map;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object orderV1(Class<?> orderClass, long key) throws ReflectiveOperationException {
        Class<?> address = orderClass.getClassLoader().loadClass("evolution.Address");
        Class<? extends Enum> kind = (Class<? extends Enum>) orderClass.getClassLoader().loadClass("evolution.Kind");
        Object home = key % 3 == 0 ? null : ClassVersions.newRecord(address, "city" + key, (int) (1000 + key));
        return ClassVersions.newRecord(orderClass, key % 5 == 0 ? null : "c" + key, key * 100, "note" + key, home,
                key % 4 == 0 ? null : List.of("a" + key, "b"), Enum.valueOf(kind, key % 2 == 0 ? "RETAIL" : "WHOLESALE"));
    }

    /** What version 2 reads for {@code key}: removed fields gone, added ones at their defaults. */
    static String expectedV2(long key) {
        String address = key % 3 == 0 ? "null" : "Address[city=city" + key + ", zip=" + (1000 + key) + ", country=null]";
        String order = "Order[customer=" + (key % 5 == 0 ? "null" : "c" + key) + ", amount=" + key * 100 + ", address="
                + address + ", tags=" + (key % 4 == 0 ? "null" : "[a" + key + ", b]") + ", kind="
                + (key % 2 == 0 ? "RETAIL" : "WHOLESALE") + ", priority=0, boxed=null]";
        String stats = " | s" + key + ": Stats{average=-1.0, count=" + key * 10 + "}";
        if (key % 2 == 0) {
            stats += " | t" + key + ": Stats{average=-1.0, count=" + key + "}";
        }
        return order + stats + " | {Part[sku=p" + key + ", size=0]=" + key + ", Part[sku=q" + key + ", size=0]=" + -key
                + "}";
    }

    private StreamExecutionEnvironment environment(StateBackend backend, int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism)
                .setJobName("evolution").setStateBackend(backend);
        env.enableCheckpointing(50);
        env.getCheckpointConfig().setDirectory(dir.resolve("checkpoints").toString());
        env.setRestartStrategy(RestartStrategy.none());
        return env;
    }

    /** Runs the job over keys 0..KEYS-1 from a source of uid {@code sourceUid} (a new one reads all keys again). */
    private JobExecutionResult run(StateBackend backend, ClassVersions classes, boolean write, Map<Long, String> seen,
                                   String sourceUid, int parallelism) throws Exception {
        boolean restore = !write;
        StreamExecutionEnvironment env = environment(backend, parallelism);
        if (restore) {
            env.restoreFrom("latest").setAllowNonRestoredState(true); // the new job reads with a source of its own
        }
        env.fromData(LongStream.range(0, KEYS).boxed().toList()).uid(sourceUid)
                .keyBy(key -> key, dev.weir.api.typeinfo.Types.LONG)
                .process(new OrdersFunction(classes, write, seen)).uid("orders-fn")
                .sinkTo(value -> { });
        return CountingJobs.await(env.executeAsync(), TIMEOUT);
    }

    private void evolve(StateBackend backend) throws Exception {
        ClassVersions v1 = ClassVersions.compile(dir.resolve("v1"),
                Map.of("evolution.Address", ADDRESS_V1, "evolution.Order", ORDER_V1, "evolution.Kind", KIND,
                        "evolution.Stats", STATS_V1, "evolution.Part", PART_V1));
        ClassVersions v2 = ClassVersions.compile(dir.resolve("v2"),
                Map.of("evolution.Address", ADDRESS_V2, "evolution.Order", ORDER_V2, "evolution.Kind", KIND,
                        "evolution.Stats", STATS_V2, "evolution.Part", PART_V2));
        ClassVersions v3 = ClassVersions.compile(dir.resolve("v3"),
                Map.of("evolution.Address", ADDRESS_V2, "evolution.Order", ORDER_V3, "evolution.Kind", KIND,
                        "evolution.Stats", STATS_V2, "evolution.Part", PART_V2));

        JobExecutionResult first = run(backend, v1, true, new ConcurrentHashMap<>(), "orders-in", 2);
        assertEquals(JobStatus.FINISHED, first.status(), () -> String.valueOf(first.failureCause()));

        JobExecutionResult incompatible = run(backend, v3, false, new ConcurrentHashMap<>(), "probe-v3", 2);
        assertEquals(JobStatus.FAILED, incompatible.status());
        assertNotNull(incompatible.failureCause());
        String message = messages(incompatible.failureCause());
        assertTrue(message.contains("operator 'orders-fn'") && message.contains("state 'orders'")
                && message.contains("field 'amount'") && message.contains("was long")
                && message.contains("is String now") && message.contains("give the field its old type back"), message);

        Map<Long, String> seen = new ConcurrentHashMap<>();
        JobExecutionResult second = run(backend, v2, false, seen, "probe-v2", 3);
        assertEquals(JobStatus.FINISHED, second.status(), () -> String.valueOf(second.failureCause()));
        assertEquals(KEYS, seen.size(), () -> "keys read: " + seen.keySet());
        for (long key = 0; key < KEYS; key++) {
            assertEquals(expectedV2(key), seen.get(key), "key " + key);
        }

        // the job on version 2 wrote its checkpoint in the new schema: it restores as is
        Map<Long, String> again = new ConcurrentHashMap<>();
        JobExecutionResult third = run(backend, v2, false, again, "probe-again", 1);
        assertEquals(JobStatus.FINISHED, third.status(), () -> String.valueOf(third.failureCause()));
        assertEquals(new TreeMap<>(seen), new TreeMap<>(again));
    }

    private static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void whenAHeapJobRestoresWithFieldsAddedAndRemoved_thenValuesAreMigratedAndAnIncompatibleChangeFailsNamingIt()
            throws Exception {
        evolve(KeyedStateBackendFactory.heap());
    }

    @Test
    void whenARocksDBJobRestoresWithFieldsAddedAndRemoved_thenValuesAreMigratedAndAnIncompatibleChangeFailsNamingIt()
            throws Exception {
        evolve(RocksDBStateBackend.create().workingDirectory(dir.resolve("work")));
    }
}
