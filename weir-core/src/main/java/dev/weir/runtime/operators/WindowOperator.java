package dev.weir.runtime.operators;

import dev.weir.api.OutputTag;
import dev.weir.api.dag.Operation;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.Function;
import dev.weir.api.functions.KeySelector;
import dev.weir.api.functions.ReduceFunction;
import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.state.KeyedStateStore;
import dev.weir.api.state.State;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.windowing.assigners.MergingWindowAssigner;
import dev.weir.api.windowing.assigners.WindowAssigner;
import dev.weir.api.windowing.evictors.Evictor;
import dev.weir.api.windowing.evictors.TimestampedValue;
import dev.weir.api.windowing.triggers.EventTimeTrigger;
import dev.weir.api.windowing.triggers.ProcessingTimeTrigger;
import dev.weir.api.windowing.triggers.Trigger;
import dev.weir.api.windowing.triggers.TriggerResult;
import dev.weir.api.windowing.windows.Window;
import dev.weir.runtime.RecordTimestamp;
import dev.weir.runtime.operators.windowing.InternalWindowFunction;
import dev.weir.runtime.operators.windowing.MergingWindowSet;
import dev.weir.runtime.operators.windowing.WindowContents;
import dev.weir.runtime.operators.windowing.WindowContext;
import dev.weir.runtime.operators.windowing.WindowScopedStates;
import dev.weir.state.HeapKeyedStateBackend;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.serialization.Serializers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Runs a window operation ({@code window(..)} / {@code windowAll(..)} and its function) on a keyed
 * stream. Everything it keeps is keyed state of the record's key, so it is checkpointed with the
 * keyed state (heap or RocksDB) and redistributed by key group on rescale:
 * <ul>
 *   <li>the windows' contents ({@link WindowContents}): one accumulator or reduced value per key and
 *       window with a pre-aggregation, else the records;</li>
 *   <li>for merging assigners, each key's live windows and the state window each one's contents are
 *       kept under ({@link MergingWindowSet}, stored per key);</li>
 *   <li>the trigger's state and the window function's {@code windowState()}, per key and window
 *       ({@link WindowScopedStates});</li>
 *   <li>the timers of triggers and the cleanup timers, per key and window, in the
 *       {@link InternalTimerService} (namespace = the window).</li>
 * </ul>
 *
 * <p><b>Time.</b> A window's results carry its {@link Window#maxTimestamp()} as event timestamp. Its state
 * is dropped when its cleanup time passes: the end plus the allowed lateness in event time (by the
 * watermark), its end in processing time. A record all of whose windows are past their cleanup time is
 * late: it goes to the late-data side output if one is set, else it is dropped and counted
 * ({@link #numLateRecordsDropped()}, shown in the job's {@code OperatorStats}).
 *
 * <p><b>Heap snapshots.</b> The heap backend keeps values by reference, and user functions (accumulators,
 * reducers) may change a value in place; while a snapshot of this operator is being written, a window's
 * value is copied before it changes ({@link WindowContents}), and so is a key's merging set, so the
 * snapshot holds exactly the state at the barrier.
 *
 * <p>Task thread only, like every operator.
 *
 * @param <K>   the key type
 * @param <IN>  the record type
 * @param <ACC> what a window keeps (accumulator, reduced value or record list)
 * @param <V>   what the window function gets (the aggregate's result, the reduced value, or records)
 * @param <OUT> the result type
 * @param <W>   the window type
 */
public final class WindowOperator<K, IN, ACC, V, OUT, W extends Window>
        extends FunctionOperator<IN, OUT, InternalWindowFunction<V, OUT, K, W>>
        implements Triggerable<K, W>, KeyedOperator {

    private static final String MERGING_SET_STATE = "window-merging-set";
    private static final String TRIGGER_STATE_PREFIX = "window-trigger/";
    private static final String WINDOW_STATE_PREFIX = "window-state/";

    private final KeySelector<IN, K> keySelector;
    private final WindowAssigner<? super IN, W> assigner;
    private final MergingWindowAssigner<? super IN, W> mergingAssigner;
    private final Trigger<? super IN, ? super W> trigger;
    private final Evictor<? super IN, ? super W> evictor;
    private final long allowedLateness;
    private final OutputTag<IN> lateDataTag;
    private final Function preAggregation;
    private final TypeInformation<?> contentsType;

    private KeyedStateBackend backend;
    private InternalTimerService<K, W> timers;
    private WindowContents<W, IN, ACC, ?> contents;
    private ValueState<Map<W, W>> mergingSets;
    /** The heap's own merging map of the current key while a set changes it in place, else null. */
    private Map<W, W> storedMergingMap;
    private WindowScopedStates<W> triggerStates;
    private WindowScopedStates<W> windowStates;
    private SideOutputs sideOutputs;
    private RecordTimestamp timestamp;
    private final Contexts contexts = new Contexts();
    private boolean valuesByReference;
    private int snapshotsInFlight;
    // Volatile: the job's metrics read it while the task runs; written by the task thread only, on late records only.
    private volatile long lateRecordsDropped;

    @SuppressWarnings("unchecked")
    public WindowOperator(Operation.Windowed operation, InternalWindowFunction<V, OUT, K, W> windowFunction,
                          Function preAggregation) {
        super(windowFunction);
        this.keySelector = (KeySelector<IN, K>) operation.keySelector();
        this.assigner = (WindowAssigner<? super IN, W>) operation.assigner();
        this.mergingAssigner = assigner instanceof MergingWindowAssigner<?, ?> merging
                ? (MergingWindowAssigner<? super IN, W>) merging : null;
        this.trigger = (Trigger<? super IN, ? super W>) operation.trigger();
        this.evictor = (Evictor<? super IN, ? super W>) operation.evictor();
        this.allowedLateness = operation.allowedLateness();
        this.lateDataTag = (OutputTag<IN>) operation.lateDataTag();
        this.preAggregation = preAggregation;
        this.contentsType = operation.contentsType();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    void beforeFunctionOpen(OperatorContext context) {
        backend = keyedState;
        sideOutputs = context.sideOutputs();
        timestamp = context.timestamp();
        valuesByReference = backend instanceof HeapKeyedStateBackend;
        Serializers serializers = context.serializers();
        TypeSerializer<W> windowSerializer = assigner.getWindowSerializer();
        String what = "the window contents of " + info.describe();
        TypeSerializer<Object> stored = contentsType != null ? serializers.forTypeInfo((TypeInformation<Object>) contentsType, what)
                : serializers.dynamic();
        WindowContents<W, IN, ?, ?> created;
        if (evictor != null || preAggregation == null) {
            created = evictor != null ? WindowContents.evicting((TypeSerializer<IN>) (TypeSerializer<?>) stored)
                    : WindowContents.buffering((TypeSerializer<IN>) (TypeSerializer<?>) stored);
        } else if (preAggregation instanceof ReduceFunction reducer) {
            created = WindowContents.reducing(reducer, (TypeSerializer) stored);
        } else {
            created = WindowContents.aggregating((AggregateFunction) preAggregation, (TypeSerializer) stored);
        }
        contents = (WindowContents<W, IN, ACC, ?>) created;
        contents.open(backend, windowSerializer);
        if (mergingAssigner != null) {
            mergingSets = backend.getState(new ValueStateDescriptor<>(MERGING_SET_STATE,
                    Serializers.mapOf(windowSerializer, windowSerializer)));
        }
        triggerStates = new WindowScopedStates<>(backend, serializers, windowSerializer, TRIGGER_STATE_PREFIX);
        windowStates = new WindowScopedStates<>(backend, serializers, windowSerializer, WINDOW_STATE_PREFIX);
        timers = InternalTimerService.create(backend, context, this);
    }

    @Override
    public void processElement(IN record, Object key, int keyGroup) throws Exception {
        carryKey(key, keyGroup); // the partitioner ran this operator's key selector already
        try {
            processElement(record);
        } finally {
            dropCarriedKey();
        }
    }

    @Override
    public KeySelector<?, ?> keySelectorOf(int input) {
        return keySelector;
    }

    @Override
    public void processElement(IN record) throws Exception {
        setCurrentKeyOf(keySelector, record, "the key selector");
        long time = timestamp.get();
        Collection<W> windows = assigner.assignWindows(record, time, contexts.assignerContext);
        boolean late = !windows.isEmpty();
        if (mergingAssigner != null) {
            MergingWindowSet<W> set = mergingSet();
            for (W window : windows) {
                W actual = set.addWindow(window, contexts.mergeFunction);
                if (isWindowLate(actual)) { // a window of its own, all of it in the past
                    set.retireWindow(actual);
                    continue;
                }
                late = false;
                W stateWindow = set.getStateWindow(actual);
                addAndTrigger(record, time, actual, stateWindow);
            }
            store(set);
        } else {
            for (W window : windows) {
                if (isWindowLate(window)) {
                    continue;
                }
                late = false;
                addAndTrigger(record, time, window, window);
            }
        }
        if (late) {
            if (lateDataTag != null) {
                sideOutputs.forTag(lateDataTag).collect(record);
            } else {
                lateRecordsDropped++;
            }
        }
    }

    private void addAndTrigger(IN record, long time, W window, W stateWindow) throws Exception {
        boolean firstInWindow = contents.add(stateWindow, record, time);
        contexts.setWindow(window);
        boolean askTrigger = !timerAlreadySet(firstInWindow, window);
        TriggerResult result = askTrigger ? castTrigger().onElement(record, time, window, contexts.triggerContext)
                : TriggerResult.CONTINUE;
        if (result.isFire()) {
            emit(window, stateWindow);
        }
        if (result.isPurge()) {
            contents.clear(stateWindow);
        }
        // the cleanup timer stays until it fires or the window merges away: register it once per window
        // (a merged window may be new although its state window holds contents)
        if ((firstInWindow || mergingAssigner != null) && !(askTrigger && triggerTimerIsCleanupTimer(window))) {
            registerCleanupTimer(window);
        }
    }

    /**
     * Whether the event-time trigger just registered, for its window's end, the very timer the cleanup timer would be
     * (no allowed lateness): registering it again would only look it up once more.
     */
    private boolean triggerTimerIsCleanupTimer(W window) {
        return trigger instanceof EventTimeTrigger && allowedLateness == 0 && assigner.isEventTime()
                && window.maxTimestamp() > timers.currentWatermark();
    }

    /**
     * Whether the default trigger would only register again the timer it set for the window's first record
     * (a no-op; skipping it saves a timer lookup per record and window): the event-time trigger while the
     * watermark is before the window's end, the processing-time trigger always; not for merging windows, whose
     * state window may hold records of windows merged into a new one.
     */
    private boolean timerAlreadySet(boolean firstInWindow, W window) {
        if (firstInWindow || mergingAssigner != null) {
            return false;
        }
        return trigger instanceof EventTimeTrigger ? window.maxTimestamp() > timers.currentWatermark()
                : trigger instanceof ProcessingTimeTrigger;
    }

    @SuppressWarnings("unchecked")
    private Trigger<IN, W> castTrigger() {
        return (Trigger<IN, W>) trigger;
    }

    @Override
    public void processWatermark(long watermark) {
        timers.advanceWatermark(watermark);
    }

    @Override
    public void endInput() {
        timers.endInput();
    }

    @Override
    public void onEventTime(InternalTimer<K, W> timer) throws Exception {
        onTimer(timer.getNamespace(), timer.getTimestamp(), true);
    }

    @Override
    public void onProcessingTime(InternalTimer<K, W> timer) throws Exception {
        onTimer(timer.getNamespace(), timer.getTimestamp(), false);
    }

    private void onTimer(W window, long time, boolean eventTime) throws Exception {
        MergingWindowSet<W> set = null;
        W stateWindow = window;
        if (mergingAssigner != null) {
            set = mergingSet();
            stateWindow = set.getStateWindow(window);
            if (stateWindow == null) {
                return; // the window merged into another or was purged: its timers no longer apply
            }
        }
        contexts.setWindow(window);
        TriggerResult result = eventTime ? castTrigger().onEventTime(time, window, contexts.triggerContext)
                : castTrigger().onProcessingTime(time, window, contexts.triggerContext);
        if (result.isFire()) {
            emit(window, stateWindow);
        }
        if (result.isPurge()) {
            contents.clear(stateWindow);
        }
        if (eventTime == assigner.isEventTime() && time == cleanupTime(window)) {
            clearAllState(window, stateWindow, set);
        }
        if (set != null) {
            store(set);
        }
    }

    /** Drops everything of {@code window}: its contents, its trigger's state and timers, its function's window state. */
    private void clearAllState(W window, W stateWindow, MergingWindowSet<W> set) throws Exception {
        contents.clear(stateWindow);
        contexts.setWindow(window);
        castTrigger().clear(window, contexts.triggerContext);
        function.clear(currentKey(), contexts.windowContext);
        if (set != null) {
            set.retireWindow(window);
        }
    }

    /** Runs the window function on the contents of {@code stateWindow}, for {@code window}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void emit(W window, W stateWindow) throws Exception {
        ACC stored = contents.get(stateWindow);
        if (stored == null) {
            return;
        }
        contexts.setWindow(window);
        long previous = timestamp.set(window.maxTimestamp());
        try {
            if (evictor == null) {
                function.process(currentKey(), contexts.windowContext,
                        (Iterable<V>) ((WindowContents) contents).contents(stored), output);
            } else {
                emitEvicting(window, stateWindow, (List<TimestampedValue<IN>>) stored);
            }
        } finally {
            timestamp.set(previous);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void emitEvicting(W window, W stateWindow, List<TimestampedValue<IN>> stored) throws Exception {
        List<TimestampedValue<IN>> elements = new ArrayList<>(stored); // evictors remove through the iterator
        Evictor<IN, W> evicting = (Evictor<IN, W>) evictor;
        evicting.evictBefore(elements, elements.size(), window, contexts.evictorContext);
        List<IN> values = new ArrayList<>(elements.size());
        for (TimestampedValue<IN> element : elements) {
            values.add(element.getValue());
        }
        Iterable<V> input;
        if (preAggregation instanceof ReduceFunction reducer) {
            Object reduced = null;
            for (IN value : values) {
                reduced = reduced == null ? value : reducer.reduce(reduced, value);
            }
            input = (Iterable<V>) (reduced == null ? List.of() : List.of(reduced));
        } else if (preAggregation instanceof AggregateFunction aggregator) {
            Object accumulator = aggregator.createAccumulator();
            for (IN value : values) {
                accumulator = aggregator.add(value, accumulator);
            }
            input = (Iterable<V>) List.of(aggregator.getResult(accumulator));
        } else {
            input = (Iterable<V>) values;
        }
        function.process(currentKey(), contexts.windowContext, input, output);
        evicting.evictAfter(elements, elements.size(), window, contexts.evictorContext);
        ((WindowContents) contents).put(stateWindow, elements.isEmpty() ? null : elements);
    }

    /**
     * The current key's merging set. It changes the stored map in place (one copy and one write back less per
     * record) unless the heap shares that map with a snapshot being written; RocksDB reads a fresh map anyway.
     */
    private MergingWindowSet<W> mergingSet() {
        Map<W, W> stored = mergingSets.value();
        if (stored instanceof java.util.HashMap<W, W> map && (!valuesByReference || snapshotsInFlight == 0)) {
            storedMergingMap = map;
            return MergingWindowSet.inPlace(mergingAssigner, map);
        }
        storedMergingMap = null;
        return new MergingWindowSet<>(mergingAssigner, stored == null ? Map.of() : stored);
    }

    private void store(MergingWindowSet<W> set) {
        if (set.isChanged()) {
            if (set.isEmpty()) {
                mergingSets.update(null);
            } else if (!valuesByReference || set.stateWindows() != storedMergingMap) {
                mergingSets.update(set.stateWindows()); // the heap already holds a map changed in place
            }
        }
        storedMergingMap = null;
    }

    /** When {@code window}'s state is dropped: its end plus the allowed lateness in event time, its end in processing time. */
    private long cleanupTime(W window) {
        if (assigner.isEventTime()) {
            long cleanup = window.maxTimestamp() + allowedLateness;
            return cleanup >= window.maxTimestamp() ? cleanup : Long.MAX_VALUE; // no overflow past the end of time
        }
        return window.maxTimestamp();
    }

    private boolean isWindowLate(W window) {
        return assigner.isEventTime() && cleanupTime(window) <= timers.currentWatermark();
    }

    private void registerCleanupTimer(W window) {
        long cleanup = cleanupTime(window);
        if (cleanup == Long.MAX_VALUE) {
            return; // a window that never ends (the global window) is never cleaned up
        }
        if (assigner.isEventTime()) {
            timers.registerEventTimeTimer(window, cleanup);
        } else {
            timers.registerProcessingTimeTimer(window, cleanup);
        }
    }

    private void deleteCleanupTimer(W window) {
        long cleanup = cleanupTime(window);
        if (cleanup == Long.MAX_VALUE) {
            return;
        }
        if (assigner.isEventTime()) {
            timers.deleteEventTimeTimer(window, cleanup);
        } else {
            timers.deleteProcessingTimeTimer(window, cleanup);
        }
    }

    @SuppressWarnings("unchecked")
    private K currentKey() {
        return (K) backend.getCurrentKey();
    }

    @Override
    public OperatorSnapshot snapshotState(long checkpointId, long checkpointTimestamp) throws Exception {
        OperatorSnapshot snapshot = super.snapshotState(checkpointId, checkpointTimestamp);
        if (valuesByReference) {
            snapshotsInFlight++; // the merging sets, changed in place, are shared with this snapshot
        }
        return snapshot;
    }

    @Override
    public void releaseSnapshots() {
        super.releaseSnapshots();
        if (snapshotsInFlight > 0) {
            snapshotsInFlight--;
        }
    }

    /** Records dropped because they came after all their windows' cleanup time and no late-data output was set. */
    @Override
    public long numLateRecordsDropped() {
        return lateRecordsDropped;
    }

    @Override
    public KeyedStateBackend keyedStateBackend() {
        return backend;
    }

    /** The context objects of this operator, one of each, pointing at the current key and window. */
    private final class Contexts {
        private W window;
        private Collection<W> mergedWindows = List.of();

        final WindowAssigner.WindowAssignerContext assignerContext = new WindowAssigner.WindowAssignerContext() {
            @Override
            public long getCurrentProcessingTime() {
                return timers.currentProcessingTime();
            }
        };

        final Trigger.OnMergeContext triggerContext = new Trigger.OnMergeContext() {
            @Override
            public long getCurrentProcessingTime() {
                return timers.currentProcessingTime();
            }

            @Override
            public long getCurrentWatermark() {
                return timers.currentWatermark();
            }

            @Override
            public void registerProcessingTimeTimer(long time) {
                timers.registerProcessingTimeTimer(window, time);
            }

            @Override
            public void registerEventTimeTimer(long time) {
                timers.registerEventTimeTimer(window, time);
            }

            @Override
            public void deleteProcessingTimeTimer(long time) {
                timers.deleteProcessingTimeTimer(window, time);
            }

            @Override
            public void deleteEventTimeTimer(long time) {
                timers.deleteEventTimeTimer(window, time);
            }

            @Override
            public <S extends State> S getPartitionedState(StateDescriptor stateDescriptor) {
                triggerStates.setWindow(window);
                return triggerStates.getPartitionedState(stateDescriptor);
            }

            @Override
            public void mergePartitionedState(StateDescriptor stateDescriptor) {
                triggerStates.mergePartitionedState(stateDescriptor, window, mergedWindows);
            }
        };

        final Evictor.EvictorContext evictorContext = new Evictor.EvictorContext() {
            @Override
            public long getCurrentProcessingTime() {
                return timers.currentProcessingTime();
            }

            @Override
            public long getCurrentWatermark() {
                return timers.currentWatermark();
            }
        };

        final WindowContext<W> windowContext = new WindowContext<>() {
            @Override
            public W window() {
                return window;
            }

            @Override
            public long currentProcessingTime() {
                return timers.currentProcessingTime();
            }

            @Override
            public long currentWatermark() {
                return timers.currentWatermark();
            }

            @Override
            public KeyedStateStore windowState() {
                if (mergingAssigner != null) {
                    throw new UnsupportedOperationException("per-window state (windowState()) is not available with "
                            + "merging windows (" + assigner + "): merged windows could not merge it; use globalState()");
                }
                windowStates.setWindow(window);
                return windowStates;
            }

            @Override
            public KeyedStateStore globalState() {
                return backend;
            }

            @Override
            public <X> void output(OutputTag<X> outputTag, X value) {
                sideOutputs.forTag(outputTag).collect(value);
            }
        };

        /** Windows merged: the trigger follows the merged window; the merged windows' triggers, timers and contents go. */
        final MergingWindowSet.MergeFunction<W> mergeFunction = (mergeResult, merged, stateWindowResult, mergedStateWindows) -> {
            if (assigner.isEventTime() && cleanupTime(mergeResult) <= timers.currentWatermark()) {
                throw new IllegalStateException("merging windows " + merged + " gave " + mergeResult + ", which ends "
                        + "before the current watermark " + timers.currentWatermark() + ": a merge must never make a "
                        + "window end earlier");
            }
            setWindow(mergeResult);
            mergedWindows = merged;
            try {
                castTrigger().onMerge(mergeResult, triggerContext);
            } finally {
                mergedWindows = List.of();
            }
            for (W window : merged) {
                if (!window.equals(mergeResult)) {
                    setWindow(window);
                    castTrigger().clear(window, triggerContext);
                    deleteCleanupTimer(window);
                }
            }
            contents.merge(stateWindowResult, mergedStateWindows);
        };

        void setWindow(W window) {
            this.window = window;
        }
    }
}
