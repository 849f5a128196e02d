package dev.weir.graph;

import dev.weir.api.dag.Partitioning;
import dev.weir.api.dag.Transformation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.DataStream;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.connector.CollectSink;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the logical plan becomes chained vertices (JobGraphBuilder.build(env.getJobSpec())). */
class ChainingTest {

    private static List<String> chainNames(JobVertex vertex) {
        return vertex.chain().stream().map(Transformation::name).toList();
    }

    @Test
    void mapAndFilterAtEqualParallelismChainIntoTheSourceVertex() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        env.fromSequence(1, 10).name("Numbers").map(x -> x).name("Double").filter(x -> true).name("Keep")
                .sinkTo(new CollectSink<>()).name("Out");
        JobGraph graph = JobGraphBuilder.build(env.getJobSpec());
        assertEquals(1, graph.vertices().size());
        JobVertex vertex = graph.vertices().get(0);
        assertEquals(List.of("Numbers", "Double", "Keep", "Out"), chainNames(vertex));
        assertEquals("Numbers -> Double -> Keep -> Out", vertex.name());
        assertEquals(2, vertex.parallelism());
        assertTrue(vertex.isSource());
        assertTrue(graph.edges().isEmpty());
    }

    @Test
    void keyByBreaksTheChainWithAHashEdge() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        env.fromSequence(1, 10).name("Numbers").map(x -> x).name("Double")
                .keyBy(x -> x % 3).count().name("Count").sinkTo(new CollectSink<>()).name("Out");
        JobGraph graph = JobGraphBuilder.build(env.getJobSpec());
        assertEquals(2, graph.vertices().size());
        assertEquals(List.of("Numbers", "Double"), chainNames(graph.vertices().get(0)));
        assertEquals(List.of("Count", "Out"), chainNames(graph.vertices().get(1)));
        assertEquals(1, graph.edges().size());
        JobEdge edge = graph.edges().get(0);
        assertEquals("Double", edge.producer().name());
        assertEquals(graph.vertices().get(0), edge.from());
        assertEquals(graph.vertices().get(1), edge.to());
        assertInstanceOf(Partitioning.Hash.class, edge.partitioning());
        assertFalse(edge.isPointwise());
    }

    @Test
    void keyByBreaksTheChainEvenAtParallelismOne() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
        env.fromSequence(1, 10).keyBy(x -> x).count().sinkTo(new CollectSink<>());
        assertEquals(2, JobGraphBuilder.build(env.getJobSpec()).vertices().size());
    }

    @Test
    void unequalParallelismBreaksTheChainWithARebalanceEdge() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        env.fromSequence(1, 10).name("Numbers").map(x -> x).name("Wide").setParallelism(3)
                .sinkTo(new CollectSink<>()).name("Out").setParallelism(3);
        JobGraph graph = JobGraphBuilder.build(env.getJobSpec());
        assertEquals(2, graph.vertices().size());
        assertEquals(List.of("Numbers"), chainNames(graph.vertices().get(0)));
        assertEquals(List.of("Wide", "Out"), chainNames(graph.vertices().get(1)));
        assertEquals(3, graph.vertices().get(1).parallelism());
        assertInstanceOf(Partitioning.Rebalance.class, graph.edges().get(0).partitioning());
    }

    @Test
    void explicitRebalanceAndBroadcastBreakTheChainEvenAtEqualParallelism() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        var numbers = env.fromSequence(1, 10).name("Numbers");
        numbers.rebalance().map(x -> x).name("Spread").sinkTo(new CollectSink<>()).name("A");
        numbers.broadcast().map(x -> x).name("Everywhere").sinkTo(new CollectSink<>()).name("B");
        JobGraph graph = JobGraphBuilder.build(env.getJobSpec());
        assertEquals(3, graph.vertices().size());
        assertEquals(List.of("Spread", "A"), chainNames(graph.vertexOf(graph.transformations().get(1))));
        assertInstanceOf(Partitioning.Rebalance.class, graph.edges().get(0).partitioning());
        assertInstanceOf(Partitioning.Broadcast.class, graph.edges().get(1).partitioning());
    }

    @Test
    void explicitForwardAtEqualParallelismChainsAndIsPointwise() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        env.fromSequence(1, 10).forward().map(x -> x).sinkTo(new CollectSink<>());
        assertEquals(1, JobGraphBuilder.build(env.getJobSpec()).vertices().size());
        assertTrue(new JobEdge(null, null, null, new Partitioning.Forward()).isPointwise());
    }

    @Test
    void aUnionStartsANewVertexWithOneEdgePerInput() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        DataStream<Long> a = env.fromSequence(1, 10).name("A");
        DataStream<Long> b = env.fromSequence(11, 20).name("B");
        a.union(b).map(x -> x).name("Both").sinkTo(new CollectSink<>()).name("Out");
        JobGraph graph = JobGraphBuilder.build(env.getJobSpec());
        assertEquals(3, graph.vertices().size());
        assertEquals(List.of("Both", "Out"), chainNames(graph.vertices().get(2)));
        assertEquals(List.of("A", "B"), graph.edges().stream().map(e -> e.producer().name()).toList());
        graph.edges().forEach(e -> assertEquals(graph.vertices().get(2), e.to()));
    }

    @Test
    void aFanOutAtEqualParallelismChainsBothBranchesIntoOneVertex() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        var numbers = env.fromSequence(1, 10).name("Numbers");
        numbers.map(x -> x).name("Left").sinkTo(new CollectSink<>()).name("L");
        numbers.filter(x -> true).name("Right").sinkTo(new CollectSink<>()).name("R");
        JobGraph graph = JobGraphBuilder.build(env.getJobSpec());
        assertEquals(1, graph.vertices().size());
        assertEquals(List.of("Numbers", "Left", "L", "Right", "R"), chainNames(graph.vertices().get(0)));
    }

    @Test
    void aNonParallelSourceIsLimitedToOneSubtaskAndRebalancesToItsConsumer() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(3);
        env.fromElements("a", "b").name("Few").map(s -> s).name("Upper").sinkTo(new CollectSink<>());
        JobGraph graph = JobGraphBuilder.build(env.getJobSpec());
        assertEquals(1, graph.vertices().get(0).parallelism());
        assertEquals(3, graph.vertices().get(1).parallelism());
        assertInstanceOf(Partitioning.Rebalance.class, graph.edges().get(0).partitioning());
    }

    @Test
    void disableChainingPutsTheOperatorInATaskOfItsOwnAndStartNewChainOnlyCutsBeforeIt() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        env.fromSequence(1, 10).name("Numbers").map(x -> x).name("Alone").disableChaining()
                .filter(x -> true).name("Keep").map(x -> x).name("Head").startNewChain()
                .sinkTo(new CollectSink<>()).name("Out");
        JobGraph graph = JobGraphBuilder.build(env.getJobSpec());
        assertEquals(List.of(List.of("Numbers"), List.of("Alone"), List.of("Keep"), List.of("Head", "Out")),
                graph.vertices().stream().map(ChainingTest::chainNames).toList());
        assertTrue(graph.edges().stream().allMatch(edge -> edge.partitioning() instanceof Partitioning.Forward));
    }

    @Test
    void disableOperatorChainingGivesEveryOperatorItsOwnTaskButSideOutputsStayWithTheirProducer() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1)
                .disableOperatorChaining();
        dev.weir.api.OutputTag<Long> odd = new dev.weir.api.OutputTag<>("odd", Long.class);
        var split = env.fromSequence(1, 10).name("Numbers").process(new dev.weir.api.functions.ProcessFunction<Long, Long>() {
            @Override
            public void processElement(Long value, Context ctx, dev.weir.api.Collector<Long> out) {
                if (value % 2 == 0) {
                    out.collect(value);
                } else {
                    ctx.output(odd, value);
                }
            }
        }).name("Split");
        split.sinkTo(new CollectSink<>()).name("Even");
        split.getSideOutput(odd).sinkTo(new CollectSink<>()).name("Odd");
        JobGraph graph = JobGraphBuilder.build(env.getJobSpec());
        assertEquals(List.of(List.of("Numbers"), List.of("Split", "SideOutput(odd)"), List.of("Even"), List.of("Odd")),
                graph.vertices().stream().map(ChainingTest::chainNames).toList());
        assertFalse(env.isChainingEnabled());
    }

    @Test
    void batchAndAutomaticRuntimeModesAreRefusedBecauseTheyWouldChangeTheOutput() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(dev.weir.api.RuntimeExecutionMode.STREAMING);
        for (var mode : List.of(dev.weir.api.RuntimeExecutionMode.BATCH, dev.weir.api.RuntimeExecutionMode.AUTOMATIC)) {
            IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> env.setRuntimeMode(mode));
            assertTrue(refused.getMessage().contains("execution.runtime-mode " + mode), refused.getMessage());
            assertTrue(refused.getMessage().contains("STREAMING"), refused.getMessage());
        }
    }

    @Test
    void aTwoInputOperatorHeadsAVertexOfItsOwn_readsEachInputOverEdgesMarkedWithItsIndex_andFollowersChainToIt() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        var numbers = env.fromSequence(1, 10).name("Numbers");
        var words = env.fromData("a", "b").name("Words");
        numbers.connect(words).map(new dev.weir.api.functions.CoMapFunction<Long, String, String>() {
            @Override
            public String map1(Long value) {
                return "n";
            }

            @Override
            public String map2(String value) {
                return value;
            }
        }).name("Both").filter(s -> true).name("Keep").sinkTo(new CollectSink<>()).name("Out");
        JobGraph graph = JobGraphBuilder.build(env.getJobSpec());

        JobVertex both = graph.vertices().stream().filter(v -> v.head().name().equals("Both")).findFirst().orElseThrow();
        assertEquals(List.of("Both", "Keep", "Out"), chainNames(both));
        Map<String, Integer> inputIndexByProducer = new java.util.TreeMap<>();
        for (JobEdge edge : graph.edges()) {
            assertEquals(both, edge.to());
            inputIndexByProducer.put(edge.producer().name(), edge.inputIndex());
        }
        assertEquals(Map.of("Numbers", 0, "Words", 1), inputIndexByProducer);
    }
}
