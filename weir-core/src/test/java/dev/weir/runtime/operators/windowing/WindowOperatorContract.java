package dev.weir.runtime.operators.windowing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.Collector;
import dev.weir.api.DataStream;
import dev.weir.api.OutputTag;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.WindowOperations;
import dev.weir.api.dag.Operation;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.CheckpointedFunction;
import dev.weir.api.functions.FunctionInitializationContext;
import dev.weir.api.functions.FunctionSnapshotContext;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.functions.windowing.ProcessAllWindowFunction;
import dev.weir.api.functions.windowing.ProcessWindowFunction;
import dev.weir.api.functions.windowing.WindowFunction;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.api.windowing.assigners.EventTimeSessionWindows;
import dev.weir.api.windowing.assigners.GlobalWindows;
import dev.weir.api.windowing.assigners.SlidingEventTimeWindows;
import dev.weir.api.windowing.assigners.TumblingEventTimeWindows;
import dev.weir.api.windowing.assigners.TumblingProcessingTimeWindows;
import dev.weir.api.windowing.triggers.ContinuousEventTimeTrigger;
import dev.weir.api.windowing.triggers.ContinuousProcessingTimeTrigger;
import dev.weir.api.windowing.triggers.CountTrigger;
import dev.weir.api.windowing.windows.GlobalWindow;
import dev.weir.api.windowing.windows.TimeWindow;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.KeyGroups;
import dev.weir.state.KeyedStateBackendFactory;
import dev.weir.testing.HarnessSnapshot;
import dev.weir.testing.OperatorHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The window operator's behaviour, driven through the harness with watermarks, out-of-order records,
 * snapshots and restores; run once per keyed state backend (the subclasses say which).
 */
public abstract class WindowOperatorContract {

    /** A click of {@code user} at event time {@code time}. */
    public record Click(String user, long time, int value) {
    }

    /** Count and sum of a window, changed in place as Flink users write it. */
    public static class CountSum {
        public long count;
        public long sum;
    }

    public static class CountAndSum implements AggregateFunction<Click, CountSum, String> {
        @Override
        public CountSum createAccumulator() {
            return new CountSum();
        }

        @Override
        public CountSum add(Click click, CountSum acc) {
            acc.count++;
            acc.sum += click.value();
            return acc;
        }

        @Override
        public String getResult(CountSum acc) {
            return acc.count + "/" + acc.sum;
        }

        @Override
        public CountSum merge(CountSum a, CountSum b) {
            a.count += b.count;
            a.sum += b.sum;
            return a;
        }
    }

    /** "key start-end value" for each value of a time window. */
    public static class Describe<V> extends ProcessWindowFunction<V, String, String, TimeWindow> {
        @Override
        public void process(String key, Context context, Iterable<V> values, Collector<String> out) {
            for (V value : values) {
                out.collect(key + " " + context.window().getStart() + "-" + context.window().getEnd() + " " + value);
            }
        }
    }

    /** "key start-end [values sorted]" of a time window's clicks. */
    public static class ListValues extends ProcessWindowFunction<Click, String, String, TimeWindow> {
        @Override
        public void process(String key, Context context, Iterable<Click> clicks, Collector<String> out) {
            List<Integer> values = StreamSupport.stream(clicks.spliterator(), false).map(Click::value).sorted().toList();
            out.collect(key + " " + context.window().getStart() + "-" + context.window().getEnd() + " " + values);
        }
    }

    private final List<OperatorHarness<?, ?>> harnesses = new ArrayList<>();

    /** The keyed state backend under test. */
    protected abstract KeyedStateBackendFactory backend();

    @AfterEach
    void closeHarnesses() throws Exception {
        for (OperatorHarness<?, ?> harness : harnesses) {
            harness.close();
        }
    }

    private static DataStream<Click> clicks() {
        return StreamExecutionEnvironment.getExecutionEnvironment().fromData(Click.class, new Click("x", 0, 0));
    }

    private <OUT> OperatorHarness<Click, OUT> harness(OperatorHarness.Builder builder, Operation.Windowed operation)
            throws Exception {
        OperatorHarness<Click, OUT> harness = builder.stateBackend(backend()).forWindow(operation);
        harnesses.add(harness);
        return harness.open();
    }

    private <OUT> OperatorHarness<Click, OUT> harness(Operation.Windowed operation) throws Exception {
        return harness(OperatorHarness.builder(), operation);
    }

    private static void click(OperatorHarness<Click, ?> harness, String user, long time, int value) throws Exception {
        harness.processElement(new Click(user, time, value), time);
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }

    @Test
    void whenTheWatermarkPassesATumblingWindow_thenItEmitsItsAggregateOnceStampedWithItsEnd() throws Exception {
        OperatorHarness<Click, String> harness = harness(WindowOperations.of(clicks().keyBy(Click::user)
                .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1))).aggregate(new CountAndSum(), new Describe<>())));
        click(harness, "a", 100, 1);
        click(harness, "b", 1500, 2);
        click(harness, "a", 900, 3);
        click(harness, "a", 1100, 4);
        assertEquals(List.of(), harness.output());

        harness.processWatermark(999);
        assertEquals(List.of("a 0-1000 2/4"), harness.output());
        harness.processWatermark(1999);
        assertEquals(List.of("a 0-1000 2/4", "a 1000-2000 1/4", "b 1000-2000 1/2"), sorted(harness.output()));
        assertEquals(List.of(999L, 1999L, 1999L), harness.outputTimestamps());
        assertEquals(List.of(999L, 1999L), harness.watermarks(), "watermarks pass on after the windows fired");
        assertEquals(0, harness.keyedState().countKeys(WindowContents.STATE_NAME), "fired windows are cleaned up");
    }

    @Test
    void whenWindowsSlide_thenEachRecordCountsInEveryWindowThatHoldsIt() throws Exception {
        OperatorHarness<Click, String> harness = harness(WindowOperations.of(clicks().keyBy(Click::user)
                .window(SlidingEventTimeWindows.of(Duration.ofMillis(300), Duration.ofMillis(100)))
                .reduce((x, y) -> new Click(x.user(), Math.max(x.time(), y.time()), x.value() + y.value()),
                        new WindowFunction<Click, String, String, TimeWindow>() {
                            @Override
                            public void apply(String key, TimeWindow window, Iterable<Click> input, Collector<String> out) {
                                out.collect(window.getStart() + " " + input.iterator().next().value());
                            }
                        })));
        click(harness, "a", 250, 4);
        click(harness, "a", 50, 1);
        click(harness, "a", 150, 2);
        harness.processWatermark(1000);
        assertEquals(List.of("-100 3", "-200 1", "0 7", "100 6", "200 4"), sorted(harness.output()));
    }

    @Test
    void whenSessionsMergeAfterARestore_thenTheRestoredWindowsMergeWithTheirContents() throws Exception {
        Operation.Windowed sessions = WindowOperations.of(clicks().keyBy(Click::user)
                .window(EventTimeSessionWindows.withGap(Duration.ofMillis(100))).process(new ListValues()));
        OperatorHarness<Click, String> before = harness(sessions);
        click(before, "a", 0, 1);
        click(before, "a", 150, 2);
        click(before, "b", 10, 5);
        click(before, "a", 40, 7); // merges into [0,140) before the snapshot
        before.processWatermark(5);
        HarnessSnapshot snapshot = before.snapshot(1);

        OperatorHarness<Click, String> after = harness(OperatorHarness.builder().restoreFrom(snapshot), sessions);
        click(after, "a", 120, 3); // bridges [0,140) and [150,250)
        after.processWatermark(1000);
        assertEquals(List.of("a 0-250 [1, 2, 3, 7]", "b 10-110 [5]"), sorted(after.output()));
        assertEquals(0, after.keyedState().countKeys(WindowContents.STATE_NAME));
    }

    @Test
    void whenASessionIsAggregated_thenMergedWindowsMergeTheirAccumulators() throws Exception {
        OperatorHarness<Click, String> harness = harness(WindowOperations.of(clicks().keyBy(Click::user)
                .window(EventTimeSessionWindows.withGap(Duration.ofMillis(100))).aggregate(new CountAndSum(), new Describe<>())));
        click(harness, "a", 0, 1);
        click(harness, "a", 300, 2);
        harness.processWatermark(150);
        assertEquals(List.of("a 0-100 1/1"), harness.takeOutput());
        click(harness, "a", 350, 4);
        click(harness, "a", 200, 8); // joins [300,450) by touching
        harness.processWatermark(2000);
        assertEquals(List.of("a 200-450 3/14"), harness.output());
    }

    @Test
    void whenARecordIsLateWithinTheAllowedLateness_thenItUpdatesAndRefiresItsWindow_andLaterOnesGoToTheSideOutput()
            throws Exception {
        OutputTag<Click> late = new OutputTag<>("late") { };
        OperatorHarness<Click, String> harness = harness(WindowOperations.of(clicks().keyBy(Click::user)
                .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1))).allowedLateness(Duration.ofMillis(500))
                .sideOutputLateData(late).aggregate(new CountAndSum(), new Describe<>())));
        click(harness, "a", 100, 1);
        harness.processWatermark(999);
        assertEquals(List.of("a 0-1000 1/1"), harness.takeOutput());
        click(harness, "a", 200, 2);
        assertEquals(List.of("a 0-1000 2/3"), harness.takeOutput(), "a late record re-fires its window at once");
        harness.processWatermark(1499); // cleanup time of [0,1000)
        click(harness, "a", 300, 4);
        assertEquals(List.of(), harness.output());
        assertEquals(List.of(new Click("a", 300, 4)), harness.getSideOutput(late));
        assertEquals(0, harness.lateRecordsDropped());
        assertEquals(0, harness.keyedState().countKeys(WindowContents.STATE_NAME));
    }

    @Test
    void whenNoSideOutputIsSet_thenTooLateRecordsAreDroppedAndCounted() throws Exception {
        OperatorHarness<Click, String> harness = harness(WindowOperations.of(clicks().keyBy(Click::user)
                .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1))).aggregate(new CountAndSum())));
        click(harness, "a", 100, 1);
        harness.processWatermark(1000);
        click(harness, "a", 999, 2);
        click(harness, "a", 1000, 4);
        harness.processWatermark(2000);
        assertEquals(List.of("1/1", "1/4"), harness.output());
        assertEquals(1, harness.lateRecordsDropped());
    }

    @Test
    void whenCountWindowsFill_thenTumblingOnesStartOverAndSlidingOnesKeepTheLastRecords() throws Exception {
        OperatorHarness<Click, Click> tumbling = harness(WindowOperations.of(clicks().keyBy(Click::user).countWindow(3)
                .reduce((x, y) -> new Click(x.user(), y.time(), x.value() + y.value()))));
        for (int i = 1; i <= 7; i++) {
            tumbling.processElement(new Click("a", 0, i));
        }
        assertEquals(List.of(6, 15), tumbling.output().stream().map(Click::value).toList());

        OperatorHarness<Click, String> sliding = harness(WindowOperations.of(clicks().keyBy(Click::user).countWindow(4, 2)
                .process(new ProcessWindowFunction<Click, String, String, GlobalWindow>() {
                    @Override
                    public void process(String key, Context context, Iterable<Click> clicks, Collector<String> out) {
                        out.collect(StreamSupport.stream(clicks.spliterator(), false).map(Click::value).toList().toString());
                    }
                })));
        for (int i = 1; i <= 7; i++) {
            sliding.processElement(new Click("a", 0, i));
        }
        assertEquals(List.of("[1, 2]", "[1, 2, 3, 4]", "[3, 4, 5, 6]"), sliding.output());
    }

    @Test
    void whenTheClockPassesAProcessingTimeWindow_thenItFires() throws Exception {
        OperatorHarness<Click, String> harness = harness(WindowOperations.of(clicks().keyBy(Click::user)
                .window(TumblingProcessingTimeWindows.of(Duration.ofSeconds(1))).aggregate(new CountAndSum(), new Describe<>())));
        harness.setProcessingTime(100);
        harness.processElement(new Click("a", 0, 1));
        harness.setProcessingTime(700);
        harness.processElement(new Click("a", 0, 2));
        harness.setProcessingTime(1200);
        harness.processElement(new Click("a", 0, 4));
        assertEquals(List.of("a 0-1000 2/3"), harness.takeOutput());
        harness.setProcessingTime(2000);
        assertEquals(List.of("a 1000-2000 1/4"), harness.output());
    }

    @Test
    void whenAContinuousTriggerIsSet_thenTheWindowFiresEarlyAtEachIntervalAndAtItsEnd() throws Exception {
        OperatorHarness<Click, String> harness = harness(WindowOperations.of(clicks().keyBy(Click::user)
                .window(TumblingEventTimeWindows.of(Duration.ofSeconds(10)))
                .trigger(ContinuousEventTimeTrigger.of(Duration.ofSeconds(1))).aggregate(new CountAndSum())));
        click(harness, "a", 100, 1);
        harness.processWatermark(1000);
        assertEquals(List.of("1/1"), harness.takeOutput());
        click(harness, "a", 1500, 2);
        harness.processWatermark(2000);
        assertEquals(List.of("2/3"), harness.takeOutput());
        harness.processWatermark(9999);
        List<String> rest = harness.takeOutput();
        assertEquals(8, rest.size(), "at 3000..9000 and at the end: " + rest);
        assertTrue(rest.stream().allMatch("2/3"::equals), rest.toString());
        harness.processWatermark(20_000);
        assertEquals(List.of(), harness.output());
        assertEquals(0, harness.keyedState().countKeys(WindowContents.STATE_NAME));
    }

    @Test
    void whenSessionsWithACountTriggerMerge_thenTheirCountsAddUp() throws Exception {
        OperatorHarness<Click, String> harness = harness(WindowOperations.of(clicks().keyBy(Click::user)
                .window(EventTimeSessionWindows.withGap(Duration.ofMillis(100))).trigger(CountTrigger.of(3))
                .process(new ListValues())));
        click(harness, "a", 0, 1);
        click(harness, "a", 150, 2);
        assertEquals(List.of(), harness.output(), "two sessions of one record each");
        click(harness, "a", 80, 3);
        assertEquals(List.of("a 0-250 [1, 2, 3]"), harness.output(), "merged: three records, the count fires");
    }

    @Test
    void whenTheInputEndsWithAnEndOfStreamTrigger_thenTheGlobalWindowFiresOnce() throws Exception {
        OperatorHarness<Click, Click> harness = harness(WindowOperations.of(clicks().keyBy(Click::user)
                .window(GlobalWindows.createWithEndOfStreamTrigger())
                .reduce((x, y) -> new Click(x.user(), y.time(), x.value() + y.value()))));
        click(harness, "a", 5, 1);
        click(harness, "a", 7, 2);
        harness.processWatermark(1_000_000);
        assertEquals(List.of(), harness.output());
        harness.processWatermark(Long.MAX_VALUE);
        assertEquals(List.of(new Click("a", 7, 3)), harness.output());
    }

    @Test
    void whenAContinuousProcessingTimeTriggerIsSet_thenTheWindowFiresAtEachIntervalOfTheClockAndAtItsEnd()
            throws Exception {
        OperatorHarness<Click, String> harness = harness(WindowOperations.of(clicks().keyBy(Click::user)
                .window(TumblingProcessingTimeWindows.of(Duration.ofSeconds(10)))
                .trigger(ContinuousProcessingTimeTrigger.of(Duration.ofSeconds(3))).aggregate(new CountAndSum())));
        harness.setProcessingTime(500);
        harness.processElement(new Click("a", 0, 1));
        harness.setProcessingTime(3000);
        assertEquals(List.of("1/1"), harness.takeOutput());
        harness.processElement(new Click("a", 0, 2));
        harness.setProcessingTime(9000);
        assertEquals(List.of("2/3", "2/3"), harness.takeOutput(), "at 6000 and 9000");
        harness.setProcessingTime(10_000);
        assertEquals(List.of("2/3"), harness.takeOutput(), "at the end, 9999");
        assertEquals(0, harness.keyedState().countKeys(WindowContents.STATE_NAME));
    }

    @Test
    void whenAllRecordsAreWindowedTogether_thenOneWindowHoldsEveryKey() throws Exception {
        OperatorHarness<Click, String> harness = harness(WindowOperations.of(clicks()
                .windowAll(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                .aggregate(new CountAndSum(), new ProcessAllWindowFunction<String, String, TimeWindow>() {
                    @Override
                    public void process(Context context, Iterable<String> values, Collector<String> out) {
                        out.collect(context.window().getStart() + " " + values.iterator().next());
                    }
                })));
        click(harness, "a", 100, 1);
        click(harness, "b", 200, 2);
        click(harness, "c", 1200, 4);
        harness.processWatermark(Long.MAX_VALUE);
        assertEquals(List.of("0 2/3", "1000 1/4"), harness.output());
    }

    @Test
    void whenAWindowFunctionKeepsWindowState_thenEachWindowHasItsOwnAndItIsClearedWithTheWindow() throws Exception {
        ValueStateDescriptor<Integer> firings = new ValueStateDescriptor<>("firings", Integer.class);
        OperatorHarness<Click, String> harness = harness(WindowOperations.of(clicks().keyBy(Click::user)
                .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1))).allowedLateness(Duration.ofSeconds(5))
                .process(new ProcessWindowFunction<Click, String, String, TimeWindow>() {
                    @Override
                    public void process(String key, Context context, Iterable<Click> clicks, Collector<String> out)
                            throws Exception {
                        ValueState<Integer> count = context.windowState().getState(firings);
                        int n = count.value() == null ? 1 : count.value() + 1;
                        count.update(n);
                        out.collect(context.window().getStart() + " firing " + n);
                    }

                    @Override
                    public void clear(Context context) {
                        context.windowState().getState(firings).clear();
                    }
                })));
        click(harness, "a", 100, 1);
        click(harness, "a", 1100, 1);
        harness.processWatermark(1999);
        click(harness, "a", 200, 1);
        assertEquals(List.of("0 firing 1", "1000 firing 1", "0 firing 2"), harness.takeOutput());
        harness.processWatermark(Long.MAX_VALUE);
        assertEquals(0, harness.keyedState().countKeys("window-state/firings"));
    }

    /** Counts the windows it emitted in operator list state, and says the count with each result. */
    public static class CountingFirings extends ProcessWindowFunction<Click, String, String, TimeWindow>
            implements CheckpointedFunction {
        private transient ListState<Long> checkpointed;
        private transient long firings;

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            checkpointed = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("firings", Long.class));
            for (Long count : checkpointed.get()) {
                firings += count;
            }
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            checkpointed.update(List.of(firings));
        }

        @Override
        public void process(String key, Context context, Iterable<Click> clicks, Collector<String> out) {
            out.collect(key + " firing " + ++firings);
        }
    }

    @Test
    void whenTheWindowFunctionIsCheckpointed_thenItsOperatorStateIsSnapshottedAndRestored() throws Exception {
        Operation.Windowed windowed = WindowOperations.of(clicks().keyBy(Click::user)
                .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1))).process(new CountingFirings()));
        OperatorHarness<Click, String> before = harness(windowed);
        click(before, "a", 100, 1);
        click(before, "b", 1100, 1);
        before.processWatermark(999);
        HarnessSnapshot snapshot = before.snapshot(1);

        OperatorHarness<Click, String> after = harness(OperatorHarness.builder().restoreFrom(snapshot), windowed);
        after.processWatermark(1999);
        assertEquals(List.of("b firing 2"), after.output());
    }

    @Test
    void whenRestoredAtAnotherParallelism_thenWindowsInFlightFireOnTheSubtaskThatOwnsTheirKey() throws Exception {
        Operation.Windowed windowed = WindowOperations.of(clicks().keyBy(Click::user)
                .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1))).aggregate(new CountAndSum(), new Describe<>()));
        int maxParallelism = KeyGroups.DEFAULT_MAX_PARALLELISM;
        List<OperatorHarness<Click, String>> two = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            two.add(harness(OperatorHarness.builder().subtask(i, 2), windowed));
        }
        List<String> expected = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            String user = "user" + k;
            OperatorHarness<Click, String> owner = two.get(KeyGroups.subtaskForKey(user, maxParallelism, 2));
            click(owner, user, 100, k);
            click(owner, user, 1100, 10 * k);
            expected.add(user + " 0-1000 1/" + k);
            expected.add(user + " 1000-2000 1/" + 10 * k);
        }
        for (OperatorHarness<Click, String> harness : two) {
            harness.processWatermark(500);
        }
        HarnessSnapshot combined = HarnessSnapshot.combine(List.of(two.get(0).snapshot(1), two.get(1).snapshot(1)));

        OperatorHarness<Click, String> one = harness(OperatorHarness.builder().restoreFrom(combined), windowed);
        one.processWatermark(Long.MAX_VALUE);
        assertEquals(sorted(expected), sorted(one.output()));

        List<String> fromThree = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            OperatorHarness<Click, String> third = harness(OperatorHarness.builder().subtask(i, 3).restoreFrom(combined),
                    windowed);
            third.processWatermark(Long.MAX_VALUE);
            KeyGroupRange owned = KeyGroupRange.forSubtask(maxParallelism, 3, i);
            for (String line : third.output()) {
                String user = line.substring(0, line.indexOf(' '));
                assertTrue(owned.contains(KeyGroups.keyGroupFor(user, maxParallelism)), line + " fired on subtask " + i);
            }
            fromThree.addAll(third.output());
        }
        assertEquals(sorted(expected), sorted(fromThree));
    }

    @Test
    void whenAccumulatorsChangeInPlaceAfterASnapshot_thenARestoreFromItSeesTheStateAtTheSnapshot() throws Exception {
        Operation.Windowed windowed = WindowOperations.of(clicks().keyBy(Click::user)
                .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1))).aggregate(new CountAndSum(), new Describe<>()));
        OperatorHarness<Click, String> harness = harness(windowed);
        click(harness, "a", 100, 1);
        HarnessSnapshot snapshot = harness.snapshot(1);
        click(harness, "a", 200, 2); // changes the accumulator after the snapshot
        harness.processWatermark(999);
        assertEquals(List.of("a 0-1000 2/3"), harness.output());

        OperatorHarness<Click, String> restored = harness(OperatorHarness.builder().restoreFrom(snapshot), windowed);
        restored.processWatermark(999);
        assertEquals(List.of("a 0-1000 1/1"), restored.output());
    }

    @Test
    void whenSlidingWindowsChangeAfterASnapshot_thenRestoresAtAnyParallelismSeeEachWindowAsAtTheSnapshot() throws Exception {
        Operation.Windowed windowed = WindowOperations.of(clicks().keyBy(Click::user)
                .window(SlidingEventTimeWindows.of(Duration.ofMillis(300), Duration.ofMillis(100)))
                .aggregate(new CountAndSum(), new Describe<>()));
        int maxParallelism = KeyGroups.DEFAULT_MAX_PARALLELISM;
        List<OperatorHarness<Click, String>> two = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            two.add(harness(OperatorHarness.builder().subtask(i, 2), windowed));
        }
        List<String> atSnapshot = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            String user = "user" + k;
            OperatorHarness<Click, String> owner = two.get(KeyGroups.subtaskForKey(user, maxParallelism, 2));
            click(owner, user, 150, k); // windows -100..200, 0..300, 100..400
            atSnapshot.addAll(List.of(user + " -100-200 1/" + k, user + " 0-300 1/" + k, user + " 100-400 1/" + k));
        }
        HarnessSnapshot combined = HarnessSnapshot.combine(List.of(two.get(0).snapshot(1), two.get(1).snapshot(1)));
        for (int k = 0; k < 8; k++) { // changes the key's windows after the snapshot, in place on the heap
            String user = "user" + k;
            OperatorHarness<Click, String> owner = two.get(KeyGroups.subtaskForKey(user, maxParallelism, 2));
            click(owner, user, 50, k);
            click(owner, user, 250, k); // a new window 200..500 too
        }
        List<String> fired = new ArrayList<>();
        for (OperatorHarness<Click, String> harness : two) {
            harness.processWatermark(Long.MAX_VALUE);
            fired.addAll(harness.output());
        }
        List<String> expectedAtEnd = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            String user = "user" + k;
            expectedAtEnd.addAll(List.of(user + " -200-100 1/" + k, user + " -100-200 2/" + 2 * k,
                    user + " 0-300 3/" + 3 * k, user + " 100-400 2/" + 2 * k, user + " 200-500 1/" + k));
        }
        assertEquals(sorted(expectedAtEnd), sorted(fired));
        for (OperatorHarness<Click, String> harness : two) {
            assertEquals(0, harness.keyedState().countKeys(WindowContents.STATE_NAME), "fired windows are cleaned up");
        }

        for (int parallelism : new int[] {1, 3}) {
            List<String> restoredOutput = new ArrayList<>();
            for (int i = 0; i < parallelism; i++) {
                OperatorHarness<Click, String> restored = harness(OperatorHarness.builder().subtask(i, parallelism)
                        .restoreFrom(combined), windowed);
                restored.processWatermark(Long.MAX_VALUE);
                restoredOutput.addAll(restored.output());
            }
            assertEquals(sorted(atSnapshot), sorted(restoredOutput), "restored at parallelism " + parallelism);
        }
    }

    @Test
    void whenSessionsMergeAfterASnapshot_thenARestoreFromItSeesTheSessionsAtTheSnapshot() throws Exception {
        Operation.Windowed sessions = WindowOperations.of(clicks().keyBy(Click::user)
                .window(EventTimeSessionWindows.withGap(Duration.ofMillis(100))).aggregate(new CountAndSum(), new Describe<>()));
        OperatorHarness<Click, String> harness = harness(sessions);
        click(harness, "a", 0, 1);
        click(harness, "a", 150, 2);
        HarnessSnapshot snapshot = harness.snapshot(1);
        click(harness, "a", 90, 4); // bridges the two sessions after the snapshot (the merging set changes)
        harness.processWatermark(1000);
        assertEquals(List.of("a 0-250 3/7"), harness.output());

        OperatorHarness<Click, String> restored = harness(OperatorHarness.builder().restoreFrom(snapshot), sessions);
        restored.processWatermark(1000);
        assertEquals(List.of("a 0-100 1/1", "a 150-250 1/2"), sorted(restored.output()));
    }
}
