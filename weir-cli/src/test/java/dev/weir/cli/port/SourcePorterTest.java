package dev.weir.cli.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The import forms and code spots {@link SourcePorter} rewrites, and the ones it must leave alone. */
class SourcePorterTest {
    private static SourcePorter porter;

    @BeforeAll
    static void scan() {
        porter = new SourcePorter(PublicApi.scan());
    }

    @Test
    void staticImportsKeepTheirMember_singleAndWildcard() {
        SourcePorter.Result result = porter.port("""
                import static org.apache.flink.core.execution.CheckpointingMode.EXACTLY_ONCE;
                import static org.apache.flink.core.execution.CheckpointingMode.*;
                class Job {}
                """, Set.of());

        assertEquals("""
                import static dev.weir.api.CheckpointingMode.EXACTLY_ONCE;
                import static dev.weir.api.CheckpointingMode.*;
                class Job {}
                """, result.text());
        assertEquals(List.of(), result.unmapped());
    }

    @Test
    void theRateLimitAndReaderContextOfTheBuiltInSourcesAreMapped_butFlinksOwnSourceInterfacesAreNot() {
        SourcePorter.Result result = porter.port("""
                import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
                import org.apache.flink.api.connector.source.SourceReaderContext;
                import org.apache.flink.api.connector.source.Source;
                class Job {}
                """, Set.of());

        assertEquals("""
                import dev.weir.api.connector.RateLimiterStrategy;
                import dev.weir.api.connector.SourceReaderContext;
                import org.apache.flink.api.connector.source.Source;
                class Job {}
                """, result.text());
        assertEquals(1, result.unmapped().size(), () -> result.unmapped().toString());
    }

    @Test
    void theJoinClassesOfFlinkAreMappedToWeirs() {
        SourcePorter.Result result = porter.port("""
                import org.apache.flink.streaming.api.datastream.JoinedStreams;
                import org.apache.flink.streaming.api.datastream.CoGroupedStreams;
                import org.apache.flink.streaming.api.datastream.KeyedStream.IntervalJoined;
                import org.apache.flink.streaming.api.functions.co.ProcessJoinFunction;
                import org.apache.flink.api.common.functions.JoinFunction;
                import org.apache.flink.api.common.functions.FlatJoinFunction;
                import org.apache.flink.api.common.functions.CoGroupFunction;
                class Job {}
                """, Set.of());

        assertEquals("""
                import dev.weir.api.JoinedStreams;
                import dev.weir.api.CoGroupedStreams;
                import dev.weir.api.KeyedStream.IntervalJoined;
                import dev.weir.api.functions.ProcessJoinFunction;
                import dev.weir.api.functions.JoinFunction;
                import dev.weir.api.functions.FlatJoinFunction;
                import dev.weir.api.functions.CoGroupFunction;
                class Job {}
                """, result.text());
        assertEquals(List.of(), result.unmapped());
    }

    @Test
    void aWildcardOfANestedClassMapsToWeirsOuterClass() {
        SourcePorter.Result result = porter.port(
                "import org.apache.flink.streaming.api.functions.KeyedProcessFunction.*;\nclass Job {}\n", Set.of());

        assertEquals("import dev.weir.api.functions.KeyedProcessFunction.*;\nclass Job {}\n", result.text());
    }

    @Test
    void qualifiedNamesInCodeAreRewritten_withTheirMember_butNotInCommentsStringsOrTextBlocks() {
        String source = """
                class Job {
                    // org.apache.flink.core.execution.CheckpointingMode stays in a comment
                    /* org.apache.flink.util.Collector too */
                    Object mode = org.apache.flink.core.execution.CheckpointingMode.EXACTLY_ONCE;
                    String text = "org.apache.flink.util.Collector";
                    String block = \"""
                        org.apache.flink.util.Collector
                        \""";
                    char c = '"';
                    org.apache.flink.util.Collector<String> out;
                }
                """;

        SourcePorter.Result result = porter.port(source, Set.of());

        assertEquals(source.replace("Object mode = org.apache.flink.core.execution.CheckpointingMode.EXACTLY_ONCE",
                        "Object mode = dev.weir.api.CheckpointingMode.EXACTLY_ONCE")
                .replace("    org.apache.flink.util.Collector<String> out;", "    dev.weir.api.Collector<String> out;"),
                result.text());
        assertEquals(List.of(new SourcePorter.Change(4, "org.apache.flink.core.execution.CheckpointingMode.EXACTLY_ONCE",
                        "dev.weir.api.CheckpointingMode.EXACTLY_ONCE"),
                new SourcePorter.Change(10, "org.apache.flink.util.Collector", "dev.weir.api.Collector")),
                result.changes());
    }

    @Test
    void aWildcardExpansionKeepsWindowsLineEndingsAndIndentation() {
        String source = "package p;\r\n\r\n  import org.apache.flink.streaming.api.datastream.*;\r\n"
                + "class Job { DataStream<String> a; KeyedStream<String, String> b; }\r\n";

        SourcePorter.Result result = porter.port(source, Set.of());

        assertEquals("package p;\r\n\r\n  import dev.weir.api.DataStream;\r\n  import dev.weir.api.KeyedStream;\r\n"
                + "class Job { DataStream<String> a; KeyedStream<String, String> b; }\r\n", result.text());
    }

    @Test
    void aWildcardNeverImportsAWeirClassTheFileDeclaresOrImportsFromElsewhere() {
        SourcePorter.Result result = porter.port("""
                import java.util.function.Function;
                import org.apache.flink.streaming.api.datastream.*;
                class Job {
                    DataStream<String> stream;
                    Function<String, String> f;
                    record OutputTag(String id) {}
                    OutputTag tag;
                    KeyValue mine;
                }
                """, Set.of("KeyValue"));

        assertTrue(result.text().contains("import dev.weir.api.DataStream;\nclass Job"), result.text());
        assertFalse(result.text().contains("dev.weir.api.functions.Function"), result.text());
        assertFalse(result.text().contains("dev.weir.api.OutputTag"), result.text());
        assertFalse(result.text().contains("dev.weir.api.KeyValue"), result.text());
    }

    @Test
    void aWildcardOfWhichTheFileUsesNoWeirClassIsLeftAndReported() {
        String source = "import org.apache.flink.streaming.api.datastream.*;\nclass Job { String s; }\n";

        SourcePorter.Result result = porter.port(source, Set.of());

        assertEquals(source, result.text());
        assertEquals(1, result.unmapped().size());
        assertEquals("org.apache.flink.streaming.api.datastream.*", result.unmapped().get(0).flink());
        assertTrue(result.unmapped().get(0).reason().contains("if it uses none, delete the import"),
                result.unmapped().get(0).reason());
        assertEquals(List.of(1), result.unmapped().get(0).lines());
    }

    @Test
    void aWildcardOfAPackageWeirHasNoCounterpartForIsLeftAndReported_whileTheOthersAreExpanded() {
        SourcePorter.Result result = porter.port("""
                import org.apache.flink.table.api.*;
                import org.apache.flink.streaming.api.datastream.*;
                class Job { Table table; DataStream<String> stream; }
                """, Set.of());

        assertEquals("""
                import org.apache.flink.table.api.*;
                import dev.weir.api.DataStream;
                class Job { Table table; DataStream<String> stream; }
                """, result.text());
        assertEquals(List.of(new SourcePorter.Unmapped("org.apache.flink.table.api.*",
                "Weir has no Table API or SQL; write the job with the DataStream API", List.of(1))), result.unmapped());
    }

    @Test
    void flinksConnectorInterfacesAreNeverMappedEvenThoughWeirHasTheirNames() {
        String source = """
                import org.apache.flink.api.connector.source.*;
                import org.apache.flink.api.connector.source.Source;
                import org.apache.flink.api.common.typeutils.TypeSerializer;
                class MySource implements Source<String, ?, ?> { TypeSerializer<String> s; SourceReader<String, ?> r; }
                """;

        SourcePorter.Result result = porter.port(source, Set.of());

        assertEquals(source, result.text());
        assertEquals(List.of("org.apache.flink.api.connector.source.*", "org.apache.flink.api.connector.source.Source",
                        "org.apache.flink.api.common.typeutils.TypeSerializer"),
                result.unmapped().stream().map(SourcePorter.Unmapped::flink).sorted((a, b) ->
                        source.indexOf(a) - source.indexOf(b)).toList());
        SourcePorter.Unmapped serializer = result.unmapped().stream()
                .filter(u -> u.flink().endsWith("TypeSerializer")).findFirst().orElseThrow();
        assertTrue(serializer.reason().startsWith("Flink's TypeSerializer"), serializer.reason());
        assertEquals(List.of(3, 4), serializer.lines());
    }

    @Test
    void aFlinkClassWeirLacksWithoutAKnownHintSaysSo() {
        SourcePorter.Result result = porter.port(
                "import org.apache.flink.api.common.accumulators.IntCounter;\nclass Job { IntCounter counter; }\n",
                Set.of());

        assertEquals(List.of(new SourcePorter.Unmapped("org.apache.flink.api.common.accumulators.IntCounter",
                "Weir has no class named IntCounter", List.of(1, 2))), result.unmapped());
    }

    @Test
    void nonFlinkImportsAndCodeAreLeftByteForByte() {
        String source = "import java.util.List;\nimport com.acme.flink.Collector;\nclass Job { List<String> l; }\n";

        SourcePorter.Result result = porter.port(source, Set.of());

        assertEquals(source, result.text());
        assertFalse(result.changed());
        assertEquals(List.of(), result.unmapped());
    }

    @Test
    void broadcastStateNamesAreMapped_includingFlinksKeyedStateFunctionOfApplyToKeyedState() {
        SourcePorter.Result result = porter.port("""
                import org.apache.flink.api.common.state.BroadcastState;
                import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
                import org.apache.flink.runtime.state.KeyedStateFunction;
                import org.apache.flink.streaming.api.datastream.BroadcastConnectedStream;
                import org.apache.flink.streaming.api.datastream.BroadcastStream;
                import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
                import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
                class Job {}
                """, Set.of());

        assertEquals("""
                import dev.weir.api.state.BroadcastState;
                import dev.weir.api.state.ReadOnlyBroadcastState;
                import dev.weir.api.state.KeyedStateFunction;
                import dev.weir.api.BroadcastConnectedStream;
                import dev.weir.api.BroadcastStream;
                import dev.weir.api.functions.BroadcastProcessFunction;
                import dev.weir.api.functions.KeyedBroadcastProcessFunction;
                class Job {}
                """, result.text());
        assertEquals(List.of(), result.unmapped());
    }
}
