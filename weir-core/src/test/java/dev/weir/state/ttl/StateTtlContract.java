package dev.weir.state.ttl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.testing.LongAverage;
import dev.weir.api.Collector;
import dev.weir.api.RuntimeContext;
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
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.state.StateTtlConfig;
import dev.weir.api.state.StateTtlConfig.StateVisibility;
import dev.weir.api.state.StateTtlConfig.UpdateType;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.state.KeyedStateBackendFactory;
import dev.weir.testing.HarnessSnapshot;
import dev.weir.testing.OperatorHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * State time-to-live as a function sees it, through the operator harness and its manual clock; run against
 * each backend by a subclass ({@code HeapStateTtlTest}, {@code RocksDBStateTtlTest}). Values live 100 ms.
 */
public abstract class StateTtlContract {
    protected static final Duration TTL = Duration.ofMillis(100);

    private final List<OperatorHarness<?, ?>> harnesses = new ArrayList<>();

    /** The backend under test (a fresh one per harness). */
    protected abstract KeyedStateBackendFactory backend();

    @AfterEach
    void closeHarnesses() throws Exception {
        for (OperatorHarness<?, ?> harness : harnesses) {
            harness.close();
        }
    }

    // ---- the function: one state of each kind, with the time-to-live given (or none) ----

    protected static final class States {
        public ValueState<String> value;
        public ListState<Long> list;
        public MapState<String, String> map;
        public ReducingState<Long> sum;
        public AggregatingState<Long, Double> average;
    }

    protected record Op(Object key, Function<States, Object> action) {
    }

    protected record Result(Object value) {
    }

    static final class AllKinds extends KeyedProcessFunction<Object, Op, Result> {
        private final StateTtlConfig ttl;
        transient States states;

        AllKinds(StateTtlConfig ttl) {
            this.ttl = ttl;
        }

        private <D extends StateDescriptor> D withTtl(D descriptor) {
            if (ttl != null) {
                descriptor.enableTimeToLive(ttl);
            }
            return descriptor;
        }

        @Override
        public void open(OpenContext openContext) {
            RuntimeContext context = getRuntimeContext();
            states = new States();
            states.value = context.getState(withTtl(new ValueStateDescriptor<>("value", String.class)));
            states.list = context.getListState(withTtl(new ListStateDescriptor<>("list", Long.class)));
            states.map = context.getMapState(withTtl(new MapStateDescriptor<>("map", String.class, String.class)));
            states.sum = context.getReducingState(withTtl(new ReducingStateDescriptor<>("sum", Long::sum, Long.class)));
            states.average = context.getAggregatingState(withTtl(new AggregatingStateDescriptor<>("average",
                    new LongAverage(), LongAverage.Avg.class)));
        }

        @Override
        public void processElement(Op op, Context context, Collector<Result> out) {
            out.collect(new Result(op.action().apply(states)));
        }
    }

    protected OperatorHarness<Op, Result> harness(StateTtlConfig ttl) throws Exception {
        return harness(ttl, OperatorHarness.builder());
    }

    OperatorHarness<Op, Result> harness(StateTtlConfig ttl, OperatorHarness.Builder builder) throws Exception {
        OperatorHarness<Op, Result> harness = builder.stateBackend(backend())
                .forKeyedProcess(new AllKinds(ttl), Op::key);
        harnesses.add(harness);
        return harness.open();
    }

    protected static Object call(OperatorHarness<Op, Result> harness, Object key, Function<States, Object> action) throws Exception {
        harness.processElement(new Op(key, action));
        List<Result> output = harness.takeOutput();
        assertEquals(1, output.size());
        return output.get(0).value();
    }

    protected static void run(OperatorHarness<Op, Result> harness, Object key, Consumer<States> action) throws Exception {
        call(harness, key, s -> {
            action.accept(s);
            return null;
        });
    }

    static <T> List<T> toList(Iterable<T> iterable) {
        List<T> list = new ArrayList<>();
        iterable.forEach(list::add);
        return list;
    }

    static Map<String, String> entries(States s) {
        Map<String, String> entries = new HashMap<>();
        s.map.entries().forEach(e -> entries.put(e.getKey(), e.getValue()));
        return entries;
    }

    /** Expiry on access alone: no background cleanup, so an expired value is still there to be (not) returned. */
    static StateTtlConfig config(UpdateType updateType, StateVisibility visibility) {
        return StateTtlConfig.newBuilder(TTL).setUpdateType(updateType).setStateVisibility(visibility)
                .disableCleanupInBackground().build();
    }

    static Stream<Arguments> updateTypesAndVisibilities() {
        return Stream.of(UpdateType.OnCreateAndWrite, UpdateType.OnReadAndWrite).flatMap(update ->
                Arrays.stream(StateVisibility.values()).map(visibility -> Arguments.of(update, visibility)));
    }

    /**
     * Written at 0, read at 50 (alive), at 120 (expired unless the read at 50 renewed it), at 1000 (expired):
     * an expired value is returned only with ReturnExpiredIfNotCleanedUp, and only once (the read removes it).
     */
    void expiresAsConfigured(UpdateType update, StateVisibility visibility, String stateName, Consumer<States> write,
                             Function<States, Object> read, Object present, Object absent) throws Exception {
        var h = harness(config(update, visibility));
        boolean returnExpired = visibility == StateVisibility.ReturnExpiredIfNotCleanedUp;
        run(h, "a", write);

        h.setProcessingTime(50);
        assertEquals(present, call(h, "a", read), "read before expiry");

        h.setProcessingTime(120);
        if (update == UpdateType.OnReadAndWrite) {
            assertEquals(present, call(h, "a", read), "the read at 50 renewed its life until 150");
        } else {
            if (returnExpired) {
                assertEquals(present, call(h, "a", read), "an expired value not cleaned up yet may be returned");
            }
            assertEquals(absent, call(h, "a", read), "expired at 100 and removed by the read");
        }

        h.setProcessingTime(1000);
        if (update == UpdateType.OnReadAndWrite && returnExpired) {
            assertEquals(present, call(h, "a", read));
        }
        assertEquals(absent, call(h, "a", read), "expired long ago");
        assertEquals(0, h.keyedState().countKeys(stateName), "the expired value was removed on access");
    }

    // ---- each kind, both update types, both visibilities ----

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("updateTypesAndVisibilities")
    void valueStateReturnsAValueBeforeItsExpiryAndNotAfter(UpdateType update, StateVisibility visibility)
            throws Exception {
        expiresAsConfigured(update, visibility, "value", s -> s.value.update("v"), s -> s.value.value(), "v", null);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("updateTypesAndVisibilities")
    void listStateReturnsItsElementsBeforeTheirExpiryAndNotAfter(UpdateType update, StateVisibility visibility)
            throws Exception {
        expiresAsConfigured(update, visibility, "list", s -> s.list.addAll(List.of(1L, 2L)),
                s -> toList(s.list.get()), List.of(1L, 2L), List.of());
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("updateTypesAndVisibilities")
    void mapStateReturnsAnEntryBeforeItsExpiryAndNotAfter(UpdateType update, StateVisibility visibility)
            throws Exception {
        expiresAsConfigured(update, visibility, "map", s -> s.map.put("k", "x"), s -> s.map.get("k"), "x", null);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("updateTypesAndVisibilities")
    void mapStateIterationShowsAnEntryBeforeItsExpiryAndNotAfter(UpdateType update, StateVisibility visibility)
            throws Exception {
        expiresAsConfigured(update, visibility, "map", s -> s.map.put("k", "x"), StateTtlContract::entries,
                Map.of("k", "x"), Map.of());
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("updateTypesAndVisibilities")
    void reducingStateReturnsItsSumBeforeItsExpiryAndNotAfter(UpdateType update, StateVisibility visibility)
            throws Exception {
        expiresAsConfigured(update, visibility, "sum", s -> {
            s.sum.add(3L);
            s.sum.add(4L);
        }, s -> s.sum.get(), 7L, null);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("updateTypesAndVisibilities")
    void aggregatingStateReturnsItsResultBeforeItsExpiryAndNotAfter(UpdateType update, StateVisibility visibility)
            throws Exception {
        expiresAsConfigured(update, visibility, "average", s -> {
            s.average.add(2L);
            s.average.add(4L);
        }, s -> s.average.get(), 3.0, null);
    }

    @Test
    void aWriteRenewsAValuesLifeAndAnAddToAnExpiredAggregateStartsAFreshOne() throws Exception {
        var h = harness(config(UpdateType.OnCreateAndWrite, StateVisibility.NeverReturnExpired));
        run(h, "a", s -> s.value.update("one"));
        run(h, "a", s -> s.sum.add(5L));
        run(h, "a", s -> s.average.add(10L));
        h.setProcessingTime(80);
        run(h, "a", s -> s.value.update("two"));
        run(h, "a", s -> s.sum.add(1L));
        h.setProcessingTime(150);
        assertEquals("two", call(h, "a", s -> s.value.value()), "written again at 80: lives until 180");
        assertEquals(6L, call(h, "a", s -> s.sum.get()), "added to at 80: the sum lives on");
        run(h, "a", s -> s.average.add(2L));
        assertEquals(2.0, call(h, "a", s -> s.average.get()), "the accumulator of 0 had expired: a new one");
    }

    // ---- list elements and map entries expire one by one ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("updateTypesAndVisibilities")
    void listElementsExpireIndividually(UpdateType update, StateVisibility visibility) throws Exception {
        var h = harness(config(update, visibility));
        run(h, "a", s -> s.list.add(1L));
        h.setProcessingTime(60);
        run(h, "a", s -> s.list.add(2L));

        h.setProcessingTime(120);
        if (visibility == StateVisibility.ReturnExpiredIfNotCleanedUp) {
            assertEquals(List.of(1L, 2L), call(h, "a", s -> toList(s.list.get())), "1 expired but is not cleaned up yet");
        }
        assertEquals(List.of(2L), call(h, "a", s -> toList(s.list.get())), "1 expired at 100, 2 lives until 160");
        h.setProcessingTime(200);
        List<Long> expected = update == UpdateType.OnReadAndWrite ? List.of(2L) : List.of();
        if (update == UpdateType.OnCreateAndWrite && visibility == StateVisibility.ReturnExpiredIfNotCleanedUp) {
            assertEquals(List.of(2L), call(h, "a", s -> toList(s.list.get())));
        }
        assertEquals(expected, call(h, "a", s -> toList(s.list.get())),
                "the reads at 120 renewed 2 only with OnReadAndWrite");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updateTypesAndVisibilities")
    void mapEntriesExpireIndividually(UpdateType update, StateVisibility visibility) throws Exception {
        var h = harness(config(update, StateVisibility.NeverReturnExpired));
        run(h, "a", s -> s.map.put("old", "x"));
        h.setProcessingTime(60);
        run(h, "a", s -> s.map.put("new", "y"));

        h.setProcessingTime(120);
        assertFalse((Boolean) call(h, "a", s -> s.map.contains("old")));
        assertNull(call(h, "a", s -> s.map.get("old")));
        assertEquals("y", call(h, "a", s -> s.map.get("new")));
        assertEquals(Map.of("new", "y"), call(h, "a", StateTtlContract::entries));
        assertEquals(List.of("new"), call(h, "a", s -> toList(s.map.keys())));
        assertEquals(List.of("y"), call(h, "a", s -> toList(s.map.values())));
        assertFalse((Boolean) call(h, "a", s -> s.map.isEmpty()));

        h.setProcessingTime(1000);
        assertTrue((Boolean) call(h, "a", s -> s.map.isEmpty()));
        assertEquals(0, h.keyedState().countKeys("map"));
    }

    // ---- cleanup strategies ----

    @Test
    void withFullSnapshotCleanupAnExpiredEntryIsNotInTheRestoredState() throws Exception {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(TTL).cleanupFullSnapshot().returnExpiredIfNotCleanedUp()
                .disableCleanupInBackground().build();
        var h = harness(ttl);
        run(h, "old", s -> s.value.update("x"));
        run(h, "old", s -> s.list.add(1L));
        run(h, "old", s -> s.map.put("k", "x"));
        h.setProcessingTime(60);
        run(h, "young", s -> s.value.update("y"));
        run(h, "young", s -> s.list.add(2L));
        run(h, "old", s -> s.list.add(3L));
        run(h, "young", s -> s.map.put("k", "y"));
        h.setProcessingTime(120); // "old"'s values and its list element 1 are expired, not yet accessed
        HarnessSnapshot snapshot = h.snapshot(1);

        // The restored harness's clock starts at 0: a value that was in the checkpoint would look alive.
        var restored = harness(ttl, OperatorHarness.builder().restoreFrom(snapshot));
        assertEquals(1, restored.keyedState().countKeys("value"));
        assertEquals(1, restored.keyedState().countKeys("map"));
        assertNull(call(restored, "old", s -> s.value.value()), "not written into the checkpoint");
        assertNull(call(restored, "old", s -> s.map.get("k")));
        assertEquals(List.of(3L), call(restored, "old", s -> toList(s.list.get())), "only the expired element is gone");
        assertEquals("y", call(restored, "young", s -> s.value.value()));
        assertEquals(List.of(2L), call(restored, "young", s -> toList(s.list.get())));
        assertEquals("y", call(restored, "young", s -> s.map.get("k")));
    }

    @Test
    void withoutFullSnapshotCleanupAnExpiredEntryIsCheckpointedAsItIs() throws Exception {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(TTL).returnExpiredIfNotCleanedUp().disableCleanupInBackground()
                .build();
        var h = harness(ttl);
        run(h, "old", s -> s.value.update("x"));
        h.setProcessingTime(120);
        var restored = harness(ttl, OperatorHarness.builder().restoreFrom(h.snapshot(1)));
        assertEquals(1, restored.keyedState().countKeys("value"), "the control: the expired value is checkpointed");
    }

    @Test
    void incrementalCleanupRemovesExpiredEntriesThatAreNeverAccessedAgain() throws Exception {
        var h = harness(StateTtlConfig.newBuilder(TTL).cleanupIncrementally(10, false).disableCleanupInBackground()
                .build());
        for (int key = 0; key < 50; key++) {
            String k = "k" + key;
            run(h, key, s -> {
                s.value.update(k);
                s.map.put("a", k);
                s.map.put("b", k);
            });
        }
        h.snapshot(1); // RocksDB: the values reach the database from the write-back cache
        assertEquals(50, h.keyedState().countKeys("value"));
        assertEquals(50, h.keyedState().countKeys("map"));

        h.setProcessingTime(200);
        for (int i = 0; i < 15; i++) { // each access checks 10 further entries: 150 in all, more than there are
            run(h, "other", s -> s.value.update("o"));
            run(h, "other", s -> s.map.put("o", "o"));
        }
        assertEquals(1, h.keyedState().countKeys("value"), "only the key accessed since is left");
        assertEquals(1, h.keyedState().countKeys("map"));
    }

    @Test
    void incrementalCleanupForEveryRecordRunsWithoutAnyStateAccess() throws Exception {
        var h = harness(StateTtlConfig.newBuilder(TTL).cleanupIncrementally(10, true).disableCleanupInBackground()
                .build());
        for (int key = 0; key < 30; key++) {
            run(h, key, s -> s.list.add(1L));
        }
        h.snapshot(1);
        assertEquals(30, h.keyedState().countKeys("list"));
        h.setProcessingTime(200);
        for (int i = 0; i < 10; i++) {
            run(h, "other", s -> { });
        }
        assertEquals(0, h.keyedState().countKeys("list"));
    }

    @Test
    void withoutBackgroundCleanupExpiredEntriesThatAreNeverAccessedStay() throws Exception {
        var h = harness(config(UpdateType.OnCreateAndWrite, StateVisibility.NeverReturnExpired));
        for (int key = 0; key < 20; key++) {
            run(h, key, s -> s.value.update("v"));
        }
        h.snapshot(1);
        h.setProcessingTime(200);
        for (int i = 0; i < 20; i++) {
            run(h, "other", s -> s.value.update("o"));
        }
        assertEquals(21, h.keyedState().countKeys("value"), "the control of the incremental cleanup tests");
    }

    // ---- TTL is part of the stored type ----

    @Test
    void restoringACheckpointWithoutTtlIntoAStateWithTtlFailsNamingTheState() throws Exception {
        var h = harness(null);
        run(h, "a", s -> s.value.update("v"));
        HarnessSnapshot snapshot = h.snapshot(1);
        Exception e = assertThrows(Exception.class,
                () -> harness(config(UpdateType.OnCreateAndWrite, StateVisibility.NeverReturnExpired),
                        OperatorHarness.builder().restoreFrom(snapshot)));
        String message = rootMessage(e);
        assertTrue(message.contains("'value'") && message.contains("without a time-to-live")
                && message.contains("(without enableTimeToLive)"), message);
    }

    @Test
    void restoringACheckpointWithTtlIntoAStateWithoutTtlFailsNamingTheState() throws Exception {
        var h = harness(config(UpdateType.OnCreateAndWrite, StateVisibility.NeverReturnExpired));
        run(h, "a", s -> s.value.update("v"));
        HarnessSnapshot snapshot = h.snapshot(1);
        Exception e = assertThrows(Exception.class, () -> harness(null, OperatorHarness.builder().restoreFrom(snapshot)));
        String message = rootMessage(e);
        assertTrue(message.contains("'value'") && message.contains("with a time-to-live")
                && message.contains("call enableTimeToLive"), message);
    }

    @Test
    void aCheckpointWithTtlRestoresIntoTheSameStateWithTtl() throws Exception {
        StateTtlConfig ttl = config(UpdateType.OnCreateAndWrite, StateVisibility.NeverReturnExpired);
        var h = harness(ttl);
        run(h, "a", s -> s.value.update("v"));
        run(h, "a", s -> s.list.add(1L));
        h.setProcessingTime(50);
        HarnessSnapshot snapshot = h.snapshot(1);
        var restored = harness(ttl, OperatorHarness.builder().restoreFrom(snapshot).startTime(50));
        assertEquals("v", call(restored, "a", s -> s.value.value()));
        restored.setProcessingTime(120);
        assertNull(call(restored, "a", s -> s.value.value()), "the write time at 0 was restored with the value");
        assertEquals(List.of(), call(restored, "a", s -> toList(s.list.get())));
    }

    static String rootMessage(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append(" / ");
        }
        return text.toString();
    }
}
