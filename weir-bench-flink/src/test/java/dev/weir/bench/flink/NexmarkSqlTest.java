package dev.weir.bench.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.nexmark.model.Event;
import dev.weir.nexmark.model.GeneratorConfig;
import dev.weir.nexmark.model.NexmarkGenerator;
import dev.weir.nexmark.model.NexmarkReference;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Flink SQL peer's queries over a small set of generated events (a MiniCluster, 2 source
 * subtasks) give exactly the rows {@link NexmarkReference} computes with plain loops — the rows Weir's
 * queries are tested against: both engines answer the same question over the same events.
 */
class NexmarkSqlTest {
    private static final GeneratorConfig CONFIG = GeneratorConfig.defaults().withSeed(5).withEventsPerSecond(200);
    private static final int EVENTS = 20_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"q0", "q1", "q2", "q3", "q4", "q5", "q7", "q8", "q11"})
    void theQueryGivesTheReferenceRows(String query) throws Exception {
        Configuration config = FlinkBenchmarks.configuration(dir, "hashmap", true, 0);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, config);
        StreamTableEnvironment tables = NexmarkSql.tables(env, CONFIG, EVENTS, 2);
        List<String> actual = new ArrayList<>();
        // q4's result is an updating table (by category): apply its changelog and compare what it leaves
        Map<Object, String> table = new HashMap<>();
        boolean updating = query.equals("q4");
        try (CloseableIterator<Row> rows = tables.sqlQuery(NexmarkSql.query(query)[1]).execute().collect()) {
            rows.forEachRemaining(row -> {
                if (!updating) {
                    actual.add(csv(row));
                } else if (row.getKind() == RowKind.INSERT || row.getKind() == RowKind.UPDATE_AFTER) {
                    table.put(row.getField(0), csv(row));
                } else {
                    table.remove(row.getField(0));
                }
            });
        }
        actual.addAll(table.values());
        List<Event> events = new NexmarkGenerator(CONFIG).events(EVENTS);
        List<String> expected = new ArrayList<>(switch (query) {
            case "q0" -> NexmarkReference.q0(events);
            case "q1" -> NexmarkReference.q1(events);
            case "q2" -> NexmarkReference.q2(events);
            case "q3" -> NexmarkReference.q3(events);
            case "q4" -> NexmarkReference.q4(events);
            case "q5" -> NexmarkReference.q5(events);
            case "q7" -> NexmarkReference.q7(events);
            case "q8" -> NexmarkReference.q8(events);
            default -> NexmarkReference.q11(events);
        });
        expected.sort(null);
        actual.sort(null);
        assertTrue(!expected.isEmpty(), "no reference rows");
        assertEquals(expected.size(), actual.size(), "rows");
        assertEquals(expected, actual);
    }

    /** A row as Weir's CSV: timestamps as epoch ms, decimals as written. */
    private static String csv(Row row) {
        StringJoiner line = new StringJoiner(",");
        for (int i = 0; i < row.getArity(); i++) {
            Object field = row.getField(i);
            line.add(field instanceof LocalDateTime time ? Long.toString(time.toInstant(ZoneOffset.UTC).toEpochMilli())
                    : field instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(field));
        }
        return line.toString();
    }
}
