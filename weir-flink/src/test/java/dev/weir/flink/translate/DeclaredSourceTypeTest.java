package dev.weir.flink.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.flink.translate.types.FlinkTypes;
import dev.weir.flink.translate.types.TypeCodes;
import dev.weir.flink.translate.types.WeirTypeSerializer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * A source that declares its records' type ({@code DataGeneratorSource(.., TypeInformation.of(X.class))}, as in
 * Flink) gives its Flink stream that type, so records leave it through the type's serializer, not the dynamic one
 * that writes each record's class name.
 */
class DeclaredSourceTypeTest {

    public record Reading(long sensor, long value) {
    }

    /** One source with a declared type, one without. */
    public static final class TwoSources {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.fromSource(new DataGeneratorSource<>(i -> new Reading(i % 3, i), 10, RateLimiterStrategy.noOp(),
                            TypeInformation.of(Reading.class)), WatermarkStrategy.noWatermarks(), "typed")
                    .keyBy(Reading::sensor).sinkTo(Outputs.sink(args[0]));
            env.fromSource(new DataGeneratorSource<>(i -> new Reading(i % 3, i), 10), WatermarkStrategy.noWatermarks(),
                    "untyped").sinkTo(Outputs.sink(args[0]));
            env.execute("two-sources");
        }
    }

    @Test
    void aSourceWithADeclaredTypeEmitsWithThatTypesSerializerAndOneWithoutWithTheDynamicOne() {
        PlanRef ref = new PlanRef(TwoSources.class.getName(), List.of("/tmp/weir-two-sources"));
        var spec = Plans.plan(ref);
        var env = org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.createLocalEnvironment(1);

        FlinkTranslator.translate(spec, ref, env);

        Map<String, StreamNode> sources = env.getStreamGraph().getStreamNodes().stream()
                .filter(node -> node.getOperatorName().contains("typed"))
                .collect(Collectors.toMap(StreamNode::getOperatorName, node -> node));
        assertEquals(TypeCodes.encode(TypeInformation.of(Reading.class)), typeCode(sources, "typed"));
        assertEquals(TypeCodes.DYNAMIC, typeCode(sources, "untyped"));
    }

    @Test
    void theProducedTypeIsReadFromTheSourceAndIsNullWhereItDeclaresNone() {
        assertEquals(TypeInformation.of(Reading.class), FlinkTypes.producedType(new DataGeneratorSource<>(
                i -> new Reading(i, i), 1, TypeInformation.of(Reading.class))));
        assertEquals(null, FlinkTypes.producedType(new DataGeneratorSource<>(i -> new Reading(i, i), 1)));
        assertEquals(null, FlinkTypes.producedType(new Object()));
    }

    private static String typeCode(Map<String, StreamNode> sources, String name) {
        StreamNode node = sources.entrySet().stream()
                .filter(e -> e.getKey().equals(name) || e.getKey().endsWith(": " + name))
                .map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("no Flink node '" + name + "' in " + sources.keySet()));
        return assertInstanceOf(WeirTypeSerializer.class, node.getTypeSerializerOut()).weirType().code();
    }
}
