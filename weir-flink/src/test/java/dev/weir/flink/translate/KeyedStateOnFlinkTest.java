package dev.weir.flink.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.weir.api.Collector;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.functions.RichMapFunction;
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
import dev.weir.api.tuple.Tuple2;
import dev.weir.api.typeinfo.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KeyedStateOnFlinkTest {

    /** map, filter, flatMap, then a keyed process function using keyed state of every kind. */
    public static final class EveryKindOfState {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.fromSequence(1, 300).setParallelism(1)
                    .map(i -> i * 3).setParallelism(1)
                    .filter(i -> i % 2 == 1).setParallelism(1)
                    .flatMap((Long i, Collector<Long> out) -> {
                        out.collect(i);
                        out.collect(i + 1);
                    }).setParallelism(1)
                    .keyBy(i -> i % 7)
                    .process(new AllStates())
                    .sinkTo(Outputs.sink(args[0]));
            env.execute("every-kind-of-state");
        }
    }

    static final class AllStates extends KeyedProcessFunction<Long, Long, String> {
        private transient ValueState<Long> sum;
        private transient ListState<Long> all;
        private transient MapState<String, Long> byParity;
        private transient ReducingState<Long> max;
        private transient AggregatingState<Long, Double> average;

        @Override
        public void open(OpenContext openContext) {
            sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Long.class));
            all = getRuntimeContext().getListState(new ListStateDescriptor<>("all", Long.class));
            byParity = getRuntimeContext().getMapState(new MapStateDescriptor<>("byParity", String.class, Long.class));
            max = getRuntimeContext().getReducingState(new ReducingStateDescriptor<>("max", Math::max, Long.class));
            average = getRuntimeContext().getAggregatingState(new AggregatingStateDescriptor<>("average",
                    new Average(), Types.TUPLE(Types.LONG, Types.LONG)));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<String> out) {
            Long previous = sum.value();
            sum.update(previous == null ? value : previous + value);
            all.add(value);
            String parity = value % 2 == 0 ? "even" : "odd";
            Long count = byParity.get(parity);
            byParity.put(parity, count == null ? 1 : count + 1);
            max.add(value);
            average.add(value);
            List<Long> values = new ArrayList<>();
            all.get().forEach(values::add);
            Map<String, Long> parities = new TreeMap<>();
            byParity.entries().forEach(e -> parities.put(e.getKey(), e.getValue()));
            out.collect(ctx.getCurrentKey() + " sum=" + sum.value() + " n=" + values.size() + " last=" + values.get(
                    values.size() - 1) + " parities=" + parities + " max=" + max.get() + " avg=" + average.get());
        }
    }

    static final class Average implements AggregateFunction<Long, Tuple2<Long, Long>, Double> {
        @Override
        public Tuple2<Long, Long> createAccumulator() {
            return Tuple2.of(0L, 0L);
        }

        @Override
        public Tuple2<Long, Long> add(Long value, Tuple2<Long, Long> acc) {
            return Tuple2.of(acc.f0 + value, acc.f1 + 1);
        }

        @Override
        public Double getResult(Tuple2<Long, Long> acc) {
            return acc.f1 == 0 ? null : (double) acc.f0 / acc.f1;
        }

        @Override
        public Tuple2<Long, Long> merge(Tuple2<Long, Long> a, Tuple2<Long, Long> b) {
            return Tuple2.of(a.f0 + b.f0, a.f1 + b.f1);
        }
    }

    /** Rolling sum, count and reduce, and a rich map with keyed state on a keyed stream. */
    public static final class RollingAggregates {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(3);
            var numbers = env.fromSequence(1, 500).setParallelism(1);
            numbers.keyBy(i -> i % 4).sum(i -> i).sinkTo(Outputs.sink(args[0] + "-sum"));
            numbers.keyBy(i -> i % 5).count().sinkTo(Outputs.sink(args[0] + "-count"));
            numbers.keyBy(i -> i % 6).reduce(Math::max).sinkTo(Outputs.sink(args[0] + "-reduce"));
            numbers.keyBy(i -> i % 3).map(new Numbering()).sinkTo(Outputs.sink(args[0] + "-keyed-map"));
            env.execute("rolling-aggregates");
        }
    }

    static final class Numbering extends RichMapFunction<Long, String> {
        private transient ValueState<Integer> seen;

        @Override
        public void open(OpenContext openContext) {
            seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Integer.class));
        }

        @Override
        public String map(Long value) {
            Integer n = seen.value();
            int next = n == null ? 1 : n + 1;
            seen.update(next);
            return value % 3 + "#" + next + "=" + value;
        }
    }

    @Test
    void keyedStateOfEveryKindGivesTheSameOutputOnFlinkAsOnTheLocalRuntime() throws Exception {
        FlinkRuns.runLocal(EveryKindOfState.class, "states-local");
        FlinkRuns.runOnFlink(EveryKindOfState.class, 2, "states-flink");

        List<String> local = sorted(Outputs.take("states-local"));
        List<String> flink = sorted(Outputs.take("states-flink"));
        assertEquals(300, local.size());
        assertEquals(local, flink);
    }

    @Test
    void rollingSumCountReduceAndAKeyedRichMapGiveTheSameOutputOnFlinkAsOnTheLocalRuntime() throws Exception {
        FlinkRuns.runLocal(RollingAggregates.class, "rolling-local");
        FlinkRuns.runOnFlink(RollingAggregates.class, 3, "rolling-flink");

        for (String output : List.of("-sum", "-count", "-reduce", "-keyed-map")) {
            List<String> local = sorted(Outputs.take("rolling-local" + output));
            List<String> flink = sorted(Outputs.take("rolling-flink" + output));
            assertEquals(500, local.size(), output);
            assertFalse(local.isEmpty());
            assertEquals(local, flink, output);
        }
    }

    static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        copy.sort(null);
        return copy;
    }
}
