package dev.weir.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.ProcessFunction;
import dev.weir.connector.CollectSink;
import dev.weir.graph.JobGraph;
import dev.weir.testing.OperatorHarness;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Side outputs: emitted through the function's context, read with getSideOutput, chained or across channels. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SideOutputTest {
    private static final OutputTag<String> ODD = new OutputTag<String>("odd") {
    };

    /** Even numbers to the main output, odd ones as text to the side output {@link #ODD}. */
    private static final class SplitByParity extends ProcessFunction<Long, Long> {
        @Override
        public void processElement(Long value, Context context, Collector<Long> out) {
            if (value % 2 == 0) {
                out.collect(value);
            } else {
                context.output(ODD, "odd " + value);
            }
        }
    }

    @Test
    void aProcessFunctionsSideOutputIsKeptApartFromItsMainOutputInTheHarness() throws Exception {
        try (OperatorHarness<Long, Long> harness = OperatorHarness.forProcess(new SplitByParity())) {
            harness.processElements(1L, 2L, 3L, 4L);

            assertEquals(List.of(2L, 4L), harness.output());
            assertEquals(List.of("odd 1", "odd 3"), harness.getSideOutput(ODD));
            assertEquals(List.of(), harness.getSideOutput(new OutputTag<String>("even") {
            }));
        }
    }

    @Test
    void aKeyedProcessFunctionEmitsToSideOutputsWithItsKeyInTheHarness() throws Exception {
        OutputTag<String> large = new OutputTag<>("large", String.class);
        KeyedProcessFunction<String, Long, Long> function = new KeyedProcessFunction<>() {
            @Override
            public void processElement(Long value, Context context, Collector<Long> out) {
                if (value > 100) {
                    context.output(large, context.getCurrentKey() + ":" + value);
                } else {
                    out.collect(value);
                }
            }
        };
        try (OperatorHarness<Long, Long> harness = OperatorHarness.forKeyedProcess(function,
                value -> value % 2 == 0 ? "even" : "odd")) {
            harness.processElements(5L, 500L, 7L, 701L);

            assertEquals(List.of(5L, 7L), harness.output());
            assertEquals(List.of("even:500", "odd:701"), harness.getSideOutput(large));
        }
    }

    @Test
    void whenASideOutputIsReadInAJob_thenItRunsChainedToItsProducerAndBothOutputsAreExact() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        SingleOutputStreamOperator<Long> evens = env.fromSequence(0, 999).process(new SplitByParity()).name("split");
        CollectSink<Long> main = new CollectSink<>();
        CollectSink<String> odd = new CollectSink<>();
        evens.sinkTo(main);
        evens.getSideOutput(ODD).map(String::toUpperCase).sinkTo(odd);

        JobGraph graph = dev.weir.graph.JobGraphBuilder.build(env.getJobSpec());
        assertEquals(1, graph.vertices().size(), "all chained: " + graph.vertices());
        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(LongStream.range(0, 1000).filter(x -> x % 2 == 0).boxed().toList(),
                main.results().stream().sorted().toList());
        assertEquals(LongStream.range(0, 1000).filter(x -> x % 2 == 1).mapToObj(x -> "ODD " + x).sorted().toList(),
                odd.results().stream().sorted().toList());
        assertEquals(500, result.operator("split").recordsOut(), "the main output only");
        assertEquals(500, result.operator("SideOutput(odd)").recordsOut());
    }

    @Test
    void whenASideOutputIsKeyedOrReadAtAnotherParallelism_thenItCrossesAChannel() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        SingleOutputStreamOperator<Long> evens = env.fromSequence(0, 999).process(new SplitByParity());
        evens.sinkTo(new CollectSink<>());
        CollectSink<KeyValue<String, Long>> counts = new CollectSink<>();
        evens.getSideOutput(ODD).keyBy(text -> text.substring(text.length() - 1)).count().setParallelism(3)
                .sinkTo(counts).setParallelism(1);

        assertEquals(3, dev.weir.graph.JobGraphBuilder.build(env.getJobSpec()).vertices().size());
        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        List<KeyValue<String, Long>> finalCounts = counts.results().stream()
                .filter(kv -> kv.value() == 100).sorted(java.util.Comparator.comparing(KeyValue::key)).toList();
        assertEquals(List.of("1", "3", "5", "7", "9"), finalCounts.stream().map(KeyValue::key).toList(),
                "each odd last digit counted to 100 exactly once: " + finalCounts);
        assertEquals(500, counts.results().size());
    }

    @Test
    void tagsWithEqualIdsNameTheSameSideOutput_andATagNothingReadsIsDropped() {
        OutputTag<String> sameId = new OutputTag<>("odd", String.class);
        assertEquals(ODD, sameId);
        assertEquals(ODD.hashCode(), sameId.hashCode());
        assertNotEquals(ODD, new OutputTag<String>("even") {
        });

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
        SingleOutputStreamOperator<Long> evens = env.fromSequence(0, 9).process(new ProcessFunction<Long, Long>() {
            @Override
            public void processElement(Long value, Context context, Collector<Long> out) {
                context.output(new OutputTag<String>("unread") {
                }, "dropped");
                context.output(ODD, "odd " + value);
            }
        });
        CollectSink<String> first = new CollectSink<>();
        CollectSink<String> second = new CollectSink<>();
        evens.getSideOutput(ODD).sinkTo(first);
        evens.getSideOutput(sameId).sinkTo(second);

        JobExecutionResult result = env.execute();

        assertEquals(JobStatus.FINISHED, result.status(), () -> String.valueOf(result.failureCause()));
        assertEquals(10, first.results().size());
        assertEquals(first.results(), second.results());
        assertEquals(1, result.operators().stream().filter(o -> o.name().equals("SideOutput(odd)")).count());
    }
}
