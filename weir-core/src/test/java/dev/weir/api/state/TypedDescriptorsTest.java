package dev.weir.api.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.Collector;
import dev.weir.api.RuntimeContext;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.tuple.Tuple2;
import dev.weir.api.typeinfo.TypeHint;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.typeinfo.Types;
import dev.weir.testing.HarnessSnapshot;
import dev.weir.testing.OperatorHarness;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Each state descriptor kind given a class or a TypeInformation of POJOs, tuples and java.time values:
 * the state survives a snapshot and a restore into a new operator.
 */
class TypedDescriptorsTest {

    public static class Visit {
        public String page;
        public Instant at;
        public List<String> tags;

        public Visit() {
        }

        Visit(String page, long second, List<String> tags) {
            this.page = page;
            this.at = Instant.ofEpochSecond(second);
            this.tags = tags;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Visit v && Objects.equals(v.page, page) && Objects.equals(v.at, at)
                    && Objects.equals(v.tags, tags);
        }

        @Override
        public int hashCode() {
            return Objects.hash(page, at);
        }
    }

    /** Average accumulator: a POJO given by class. */
    public static class Average {
        public BigDecimal sum = BigDecimal.ZERO;
        public long count;
    }

    static final class AverageOf implements AggregateFunction<Long, Average, BigDecimal> {
        @Override
        public Average createAccumulator() {
            return new Average();
        }

        @Override
        public Average add(Long value, Average accumulator) {
            Average next = new Average();
            next.sum = accumulator.sum.add(BigDecimal.valueOf(value));
            next.count = accumulator.count + 1;
            return next;
        }

        @Override
        public BigDecimal getResult(Average accumulator) {
            return accumulator.sum.divide(BigDecimal.valueOf(accumulator.count));
        }

        @Override
        public Average merge(Average a, Average b) {
            Average merged = new Average();
            merged.sum = a.sum.add(b.sum);
            merged.count = a.count + b.count;
            return merged;
        }
    }

    /** Keeps, per user, the last visit, all (page, second) pairs, visits by page, the longest page name and an average. */
    static final class Tracker extends KeyedProcessFunction<String, Tuple2<String, Visit>, String> {
        final ValueStateDescriptor<Visit> lastDescriptor = new ValueStateDescriptor<>("last", Types.POJO(Visit.class));
        final ListStateDescriptor<Tuple2<String, Long>> pairsDescriptor = new ListStateDescriptor<>("pairs",
                TypeInformation.of(new TypeHint<Tuple2<String, Long>>() {}));
        final MapStateDescriptor<String, Visit> byPageDescriptor = new MapStateDescriptor<>("by-page",
                String.class, Visit.class);
        final ReducingStateDescriptor<String> longestDescriptor = new ReducingStateDescriptor<>("longest",
                (a, b) -> a.length() >= b.length() ? a : b, Types.STRING);
        final AggregatingStateDescriptor<Long, Average, BigDecimal> averageDescriptor =
                new AggregatingStateDescriptor<>("average", new AverageOf(), Average.class);
        private transient ValueState<Visit> last;
        private transient ListState<Tuple2<String, Long>> pairs;
        private transient MapState<String, Visit> byPage;
        private transient ReducingState<String> longest;
        private transient AggregatingState<Long, BigDecimal> average;

        @Override
        public void open(OpenContext openContext) {
            RuntimeContext context = getRuntimeContext();
            last = context.getState(lastDescriptor);
            pairs = context.getListState(pairsDescriptor);
            byPage = context.getMapState(byPageDescriptor);
            longest = context.getReducingState(longestDescriptor);
            average = context.getAggregatingState(averageDescriptor);
        }

        @Override
        public void processElement(Tuple2<String, Visit> value, Context context, Collector<String> out)
                throws Exception {
            Visit visit = value.f1;
            last.update(visit);
            pairs.add(Tuple2.of(visit.page, visit.at.getEpochSecond()));
            byPage.put(visit.page, visit);
            longest.add(visit.page);
            average.add(visit.at.getEpochSecond());
            List<Tuple2<String, Long>> all = new ArrayList<>();
            pairs.get().forEach(all::add);
            List<String> pages = new ArrayList<>();
            byPage.keys().forEach(pages::add);
            out.collect(value.f0 + " last=" + last.value().page + " pairs=" + all + " pages=" + pages
                    + " longest=" + longest.get() + " average=" + average.get());
        }
    }

    @Test
    void everyDescriptorKindKeepsPojoTupleAndTimeStateAcrossARestore() throws Exception {
        HarnessSnapshot snapshot;
        try (var harness = OperatorHarness.forKeyedProcess(new Tracker(), (Tuple2<String, Visit> t) -> t.f0)) {
            harness.processElements(Tuple2.of("ann", new Visit("home", 10, List.of("a"))),
                    Tuple2.of("ann", new Visit("checkout", 20, null)));
            snapshot = harness.snapshot(1);
        }

        try (var restored = OperatorHarness.builder().restoreFrom(snapshot)
                .forKeyedProcess(new Tracker(), (Tuple2<String, Visit> t) -> t.f0)) {
            restored.processElements(Tuple2.of("ann", new Visit("home", 30, List.of())));

            List<String> output = restored.takeOutput();
            assertEquals(1, output.size());
            String line = output.get(0);
            assertTrue(line.startsWith("ann last=home pairs=[(home,10), (checkout,20), (home,30)] pages=["), line);
            assertTrue(line.contains("home") && line.contains("checkout") && line.endsWith("longest=checkout average=20"),
                    line);
        }
    }

    @Test
    void descriptorsSayTheirKindAndStoredTypes() {
        Tracker tracker = new Tracker();
        assertEquals(StateDescriptor.Type.VALUE, tracker.lastDescriptor.getType());
        assertEquals(StateDescriptor.Type.MAP, tracker.byPageDescriptor.getType());
        assertEquals(StateDescriptor.Type.AGGREGATING, tracker.averageDescriptor.getType());
        assertEquals(Types.POJO(Visit.class), tracker.lastDescriptor.getTypeInformation());
        assertNull(tracker.lastDescriptor.getSerializer(), "Weir chooses the serializer");
        assertSame(Types.STRING, tracker.byPageDescriptor.getKeyTypeInformation());
        assertTrue(tracker.pairsDescriptor.toString().contains("Tuple2<String, Long>"), tracker.pairsDescriptor.toString());
    }
}
