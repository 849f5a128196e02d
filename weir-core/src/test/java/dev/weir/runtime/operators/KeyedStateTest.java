package dev.weir.runtime.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.Collector;
import dev.weir.api.KeyValue;
import dev.weir.api.RuntimeContext;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.AggregatingState;
import dev.weir.api.state.AggregatingStateDescriptor;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ReducingState;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.KeyGroups;
import dev.weir.testing.OperatorHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Each kind of keyed state, through a keyed process function in the harness: one value per key. */
class KeyedStateTest {

    private static KeyValue<String, Integer> kv(String key, int value) {
        return new KeyValue<>(key, value);
    }

    private static <O> OperatorHarness<KeyValue<String, Integer>, O> harness(
            KeyedProcessFunction<String, KeyValue<String, Integer>, O> function) {
        return OperatorHarness.forKeyedProcess(function, KeyValue<String, Integer>::key);
    }

    @Test
    void valueStateKeepsOneValuePerKeyAndUpdateNullClearsIt() throws Exception {
        var function = new KeyedProcessFunction<String, KeyValue<String, Integer>, String>() {
            ValueState<Integer> last;

            @Override
            public void open(OpenContext openContext) {
                last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Integer.class));
            }

            @Override
            public void processElement(KeyValue<String, Integer> value, Context context, Collector<String> out) {
                out.collect(context.getCurrentKey() + ":" + last.value());
                last.update(value.value() == 0 ? null : value.value());
            }
        };
        try (var harness = harness(function)) {
            harness.processElements(kv("a", 1), kv("b", 10), kv("a", 2), kv("b", 20), kv("a", 0), kv("a", 3));
            assertEquals(List.of("a:null", "b:null", "a:1", "b:10", "a:2", "a:null"), harness.takeOutput());
            assertEquals(2, harness.keyedState().countKeys("last"), "a=3, b=20");
        }
    }

    @Test
    void valueStateClearRemovesOnlyTheCurrentKeysValue() throws Exception {
        var function = new KeyedProcessFunction<String, KeyValue<String, Integer>, String>() {
            ValueState<Integer> last;

            @Override
            public void open(OpenContext openContext) {
                last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Integer.class));
            }

            @Override
            public void processElement(KeyValue<String, Integer> value, Context context, Collector<String> out) {
                if (value.value() < 0) {
                    last.clear();
                } else {
                    out.collect(context.getCurrentKey() + ":" + last.value());
                    last.update(value.value());
                }
            }
        };
        try (var harness = harness(function)) {
            harness.processElements(kv("a", 1), kv("b", 2), kv("a", -1), kv("a", 5), kv("b", 6));
            assertEquals(List.of("a:null", "b:null", "a:null", "b:2"), harness.takeOutput());
        }
    }

    @Test
    void listStateAppendsPerKeyAndUpdateReplacesTheWholeList() throws Exception {
        var function = new KeyedProcessFunction<String, KeyValue<String, Integer>, List<Integer>>() {
            ListState<Integer> seen;

            @Override
            public void open(OpenContext openContext) {
                seen = getRuntimeContext().getListState(new ListStateDescriptor<>("seen", Integer.class));
            }

            @Override
            public void processElement(KeyValue<String, Integer> value, Context context,
                                       Collector<List<Integer>> out) {
                switch (value.value()) {
                    case -1 -> seen.update(List.of(100, 200));
                    case -2 -> seen.update(List.of());
                    case -3 -> seen.addAll(List.of(7, 8));
                    default -> seen.add(value.value());
                }
                List<Integer> copy = new ArrayList<>();
                seen.get().forEach(copy::add);
                out.collect(copy);
            }
        };
        try (var harness = harness(function)) {
            harness.processElements(kv("a", 1), kv("b", 2), kv("a", 3), kv("b", -1), kv("b", 4), kv("a", -2),
                    kv("a", -3));
            assertEquals(List.of(List.of(1), List.of(2), List.of(1, 3), List.of(100, 200), List.of(100, 200, 4),
                    List.of(), List.of(7, 8)), harness.takeOutput());
        }
    }

    @Test
    void listStateGetIsReadOnlyAndEmptyForAKeyWithoutValues() throws Exception {
        List<String> observed = new ArrayList<>();
        var function = new KeyedProcessFunction<String, KeyValue<String, Integer>, Void>() {
            ListState<Integer> seen;

            @Override
            public void open(OpenContext openContext) {
                seen = getRuntimeContext().getListState(new ListStateDescriptor<>("seen", Integer.class));
            }

            @Override
            public void processElement(KeyValue<String, Integer> value, Context context, Collector<Void> out) {
                observed.add(context.getCurrentKey() + " empty=" + !seen.get().iterator().hasNext());
                seen.add(value.value());
                try {
                    ((List<Integer>) seen.get()).add(99);
                    observed.add("mutable");
                } catch (UnsupportedOperationException expected) {
                    observed.add("read-only");
                }
            }
        };
        try (var harness = harness(function)) {
            harness.processElements(kv("a", 1), kv("b", 1), kv("a", 2));
        }
        assertEquals(List.of("a empty=true", "read-only", "b empty=true", "read-only", "a empty=false", "read-only"),
                observed);
    }

    @Test
    void mapStateHoldsAnIndependentMapPerKey() throws Exception {
        // Counts how often each value occurred for the key; a negative value removes that entry.
        var function = new KeyedProcessFunction<String, KeyValue<String, Integer>, String>() {
            MapState<Integer, Integer> counts;

            @Override
            public void open(OpenContext openContext) {
                counts = getRuntimeContext().getMapState(new MapStateDescriptor<>("counts", Integer.class, Integer.class));
            }

            @Override
            public void processElement(KeyValue<String, Integer> value, Context context, Collector<String> out) {
                int v = value.value();
                if (v < 0) {
                    counts.remove(-v);
                } else {
                    Integer previous = counts.get(v);
                    counts.put(v, previous == null ? 1 : previous + 1);
                }
                Map<Integer, Integer> sorted = new TreeMap<>();
                counts.entries().forEach(e -> sorted.put(e.getKey(), e.getValue()));
                List<Integer> keys = new ArrayList<>();
                counts.keys().forEach(keys::add);
                int total = 0;
                for (int c : counts.values()) {
                    total += c;
                }
                out.collect(context.getCurrentKey() + sorted + " has7=" + counts.contains(7) + " empty="
                        + counts.isEmpty() + " keys=" + keys.size() + " total=" + total);
            }
        };
        try (var harness = harness(function)) {
            harness.processElements(kv("a", 7), kv("a", 7), kv("b", 7), kv("a", 8), kv("a", -7), kv("b", -7));
            assertEquals(List.of(
                    "a{7=1} has7=true empty=false keys=1 total=1",
                    "a{7=2} has7=true empty=false keys=1 total=2",
                    "b{7=1} has7=true empty=false keys=1 total=1",
                    "a{7=2, 8=1} has7=true empty=false keys=2 total=3",
                    "a{8=1} has7=false empty=false keys=1 total=1",
                    "b{} has7=false empty=true keys=0 total=0"), harness.takeOutput());
            assertEquals(1, harness.keyedState().countKeys("counts"), "b's map became empty and was dropped");
        }
    }

    @Test
    void mapStatePutAllAndClear() throws Exception {
        var function = new KeyedProcessFunction<String, KeyValue<String, Integer>, String>() {
            MapState<String, Integer> map;

            @Override
            public void open(OpenContext openContext) {
                map = getRuntimeContext().getMapState(new MapStateDescriptor<>("m", String.class, Integer.class));
            }

            @Override
            public void processElement(KeyValue<String, Integer> value, Context context, Collector<String> out) {
                if (value.value() == 0) {
                    map.clear();
                } else {
                    map.putAll(Map.of("x", value.value(), "y", -value.value()));
                }
                out.collect(context.getCurrentKey() + ":" + map.get("x") + "," + map.get("y"));
            }
        };
        try (var harness = harness(function)) {
            harness.processElements(kv("a", 1), kv("b", 2), kv("a", 0), kv("b", 3));
            assertEquals(List.of("a:1,-1", "b:2,-2", "a:null,null", "b:3,-3"), harness.takeOutput());
        }
    }

    @Test
    void reducingStateCombinesTheValuesOfEachKey() throws Exception {
        var function = new KeyedProcessFunction<String, KeyValue<String, Integer>, String>() {
            ReducingState<Integer> sum;

            @Override
            public void open(OpenContext openContext) {
                sum = getRuntimeContext().getReducingState(new ReducingStateDescriptor<>("sum", Integer::sum, Integer.class));
            }

            @Override
            public void processElement(KeyValue<String, Integer> value, Context context, Collector<String> out) {
                if (value.value() == 0) {
                    sum.clear();
                } else {
                    sum.add(value.value());
                }
                out.collect(context.getCurrentKey() + "=" + sum.get());
            }
        };
        try (var harness = harness(function)) {
            harness.processElements(kv("a", 1), kv("b", 10), kv("a", 2), kv("a", 3), kv("b", 5), kv("a", 0),
                    kv("a", 4));
            assertEquals(List.of("a=1", "b=10", "a=3", "a=6", "b=15", "a=null", "a=4"), harness.takeOutput());
        }
    }

    record Avg(long sum, long count) {
    }

    static final class Average implements AggregateFunction<Integer, Avg, Double> {
        @Override
        public Avg createAccumulator() {
            return new Avg(0, 0);
        }

        @Override
        public Avg add(Integer value, Avg accumulator) {
            return new Avg(accumulator.sum() + value, accumulator.count() + 1);
        }

        @Override
        public Double getResult(Avg accumulator) {
            return (double) accumulator.sum() / accumulator.count();
        }

        @Override
        public Avg merge(Avg a, Avg b) {
            return new Avg(a.sum() + b.sum(), a.count() + b.count());
        }
    }

    @Test
    void aggregatingStateKeepsAnAccumulatorPerKey() throws Exception {
        var function = new KeyedProcessFunction<String, KeyValue<String, Integer>, String>() {
            AggregatingState<Integer, Double> average;

            @Override
            public void open(OpenContext openContext) {
                average = getRuntimeContext().getAggregatingState(new AggregatingStateDescriptor<>("avg", new Average(), Avg.class));
            }

            @Override
            public void processElement(KeyValue<String, Integer> value, Context context, Collector<String> out) {
                String before = String.valueOf(average.get());
                average.add(value.value());
                out.collect(context.getCurrentKey() + ":" + before + "->" + average.get());
            }
        };
        try (var harness = harness(function)) {
            harness.processElements(kv("a", 1), kv("b", 10), kv("a", 2), kv("a", 6), kv("b", 20));
            assertEquals(List.of("a:null->1.0", "b:null->10.0", "a:1.0->1.5", "a:1.5->3.0", "b:10.0->15.0"),
                    harness.takeOutput());
        }
    }

    @Test
    void askingTwiceForTheSameStateReturnsTheSameHandleButAnotherKindOrTypeIsAnError() throws Exception {
        List<Object> handles = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        var function = new KeyedProcessFunction<String, KeyValue<String, Integer>, String>() {
            @Override
            public void open(OpenContext openContext) {
                RuntimeContext context = getRuntimeContext();
                handles.add(context.getState(new ValueStateDescriptor<>("x", Integer.class)));
                handles.add(context.getState(new ValueStateDescriptor<>("x", Integer.class)));
                try {
                    context.getListState(new ListStateDescriptor<>("x", Integer.class));
                } catch (IllegalStateException e) {
                    errors.add(e.getMessage());
                }
                try {
                    context.getState(new ValueStateDescriptor<>("x", Long.class));
                } catch (IllegalStateException e) {
                    errors.add(e.getMessage());
                }
            }

            @Override
            public void processElement(KeyValue<String, Integer> value, Context context, Collector<String> out) {
            }
        };
        try (var harness = harness(function)) {
            harness.open();
        }
        assertSame(handles.get(0), handles.get(1));
        assertEquals(2, errors.size(), errors.toString());
        errors.forEach(message -> assertTrue(message.contains("'x'"), message));
    }

    @Test
    void usingKeyedStateOutsideARecordFailsBecauseThereIsNoCurrentKey() {
        var function = new KeyedProcessFunction<String, KeyValue<String, Integer>, String>() {
            @Override
            public void open(OpenContext openContext) {
                getRuntimeContext().getState(new ValueStateDescriptor<>("x", Integer.class)).value();
            }

            @Override
            public void processElement(KeyValue<String, Integer> value, Context context, Collector<String> out) {
            }
        };
        var harness = harness(function);
        IllegalStateException e = assertThrows(IllegalStateException.class, harness::open);
        assertTrue(e.getMessage().contains("no current key"), e.getMessage());
    }

    @Test
    void aKeyOutsideTheSubtasksKeyGroupsIsRejected() throws Exception {
        var function = new KeyedProcessFunction<String, KeyValue<String, Integer>, String>() {
            @Override
            public void processElement(KeyValue<String, Integer> value, Context context, Collector<String> out) {
                out.collect(context.getCurrentKey());
            }
        };
        // Find one key owned by subtask 0 of 2 and one owned by subtask 1.
        String mine = null;
        String other = null;
        for (int i = 0; mine == null || other == null; i++) {
            String key = "k" + i;
            if (KeyGroups.subtaskForKey(key, 128, 2) == 1) {
                mine = mine == null ? key : mine;
            } else {
                other = other == null ? key : other;
            }
        }
        try (var harness = OperatorHarness.builder().subtask(1, 2)
                .forKeyedProcess(function, KeyValue<String, Integer>::key)) {
            harness.processElement(kv(mine, 1));
            assertEquals(List.of(mine), harness.takeOutput());
            assertEquals(KeyGroupRange.forSubtask(128, 2, 1), harness.keyedState().getKeyGroupRange());
            String foreign = other;
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> harness.processElement(kv(foreign, 1)));
            assertTrue(e.getMessage().contains(foreign), e.getMessage());
        }
    }
}
