package dev.weir.runtime.operators;

import dev.weir.api.OutputTag;
import dev.weir.api.dag.Operation;
import dev.weir.api.functions.KeySelector;
import dev.weir.api.functions.ProcessJoinFunction;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.typeinfo.Types;
import dev.weir.runtime.OperatorFailure;
import dev.weir.runtime.RecordTimestamp;
import dev.weir.state.serialization.Serializers;
import dev.weir.api.serialization.TypeSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs an interval join ({@code keyedA.intervalJoin(keyedB).between(lower, upper).process(..)}) in event
 * time on the keyed two-input path: both inputs share the operator's one keyed state backend and timer
 * service, like {@link KeyedCoProcessOperator}.
 *
 * <p>Each record is kept in its side's buffer, a map state from timestamp to the records of that
 * timestamp ({@value #LEFT_BUFFER}, {@value #RIGHT_BUFFER}), and joined with every record of the other
 * side's buffer (same key) whose timestamp lies in its interval: a left record at {@code t} with right
 * records in {@code [t + lower, t + upper]}, a right record at {@code t} with left records in
 * {@code [t - upper, t - lower]}. Each buffered timestamp gets an event-time timer at the time after
 * which no record of the other side that is not late can join it (left: {@code t + max(upper, 0)},
 * right: {@code t + max(-lower, 0)}); when the watermark passes it, the entry is removed, so the state
 * of a key is empty once the watermark is past all its records' intervals.
 *
 * <p>A record whose timestamp is behind the operator's watermark (the minimum of both inputs') is late:
 * it goes to its side's late-data output if one is set, else it is dropped and counted
 * ({@link #numLateRecordsDropped()}). A record without a timestamp fails the job, naming the operator.
 */
public final class IntervalJoinOperator<K, T1, T2, OUT>
        extends CoFunctionOperator<T1, T2, OUT, ProcessJoinFunction<T1, T2, OUT>>
        implements Triggerable<K, String> {
    static final String LEFT_BUFFER = "interval-join-left";
    static final String RIGHT_BUFFER = "interval-join-right";
    private static final String LEFT = "left";
    private static final String RIGHT = "right";

    private final long lowerBound;
    private final long upperBound;
    private final TypeInformation<T1> leftType;
    private final TypeInformation<T2> rightType;
    private final OutputTag<T1> leftLateTag;
    private final OutputTag<T2> rightLateTag;
    private MapState<Long, List<T1>> leftBuffer;
    private MapState<Long, List<T2>> rightBuffer;
    private InternalTimerService<K, String> timers;
    private SideOutputs sideOutputs;
    private RecordTimestamp timestamp;
    private JoinContext context;
    // Volatile: the job's metrics read it while the task runs; written by the task thread only, on late records only.
    private volatile long lateRecordsDropped;

    @SuppressWarnings("unchecked")
    public IntervalJoinOperator(Operation.IntervalJoin operation, ProcessJoinFunction<T1, T2, OUT> function) {
        super(function, (KeySelector<T1, ?>) java.util.Objects.requireNonNull(operation.keySelector1(), "keySelector1"),
                (KeySelector<T2, ?>) java.util.Objects.requireNonNull(operation.keySelector2(), "keySelector2"));
        this.lowerBound = operation.lowerBound();
        this.upperBound = operation.upperBound();
        this.leftType = (TypeInformation<T1>) operation.leftType();
        this.rightType = (TypeInformation<T2>) operation.rightType();
        this.leftLateTag = (OutputTag<T1>) operation.leftLateTag();
        this.rightLateTag = (OutputTag<T2>) operation.rightLateTag();
    }

    @Override
    void beforeFunctionOpen(OperatorContext operatorContext) {
        super.beforeFunctionOpen(operatorContext);
        sideOutputs = operatorContext.sideOutputs();
        timestamp = operatorContext.timestamp();
        Serializers serializers = operatorContext.serializers();
        TypeSerializer<Long> times = serializers.forTypeInfo(Types.LONG, "the timestamps of " + info.describe());
        leftBuffer = keyedState.getMapState(new MapStateDescriptor<>(LEFT_BUFFER, times,
                Serializers.listOf(elements(serializers, leftType, "left"))));
        rightBuffer = keyedState.getMapState(new MapStateDescriptor<>(RIGHT_BUFFER, times,
                Serializers.listOf(elements(serializers, rightType, "right"))));
        timers = InternalTimerService.create(keyedState, operatorContext, this);
        context = new JoinContext();
    }

    @SuppressWarnings("unchecked")
    private <T> TypeSerializer<T> elements(Serializers serializers, TypeInformation<T> type, String side) {
        String what = "the " + side + " records buffered by " + info.describe();
        return type != null ? serializers.forTypeInfo(type, what) : (TypeSerializer<T>) serializers.dynamic();
    }

    @Override
    public void processElement1(T1 record) throws Exception {
        setKeyOfFirst(record);
        long time = timeOf(record, 1);
        if (isLate(time)) {
            late(leftLateTag, record);
            return;
        }
        boolean newTime = buffer(leftBuffer, time, record);
        for (Map.Entry<Long, List<T2>> entry : rightBuffer.entries()) {
            long rightTime = entry.getKey();
            if (rightTime >= time + lowerBound && rightTime <= time + upperBound) {
                for (T2 right : entry.getValue()) {
                    join(record, time, right, rightTime);
                }
            }
        }
        if (newTime) { // the timer of a time already buffered is set
            timers.registerEventTimeTimer(LEFT, upperBound > 0 ? time + upperBound : time);
        }
    }

    @Override
    public void processElement2(T2 record) throws Exception {
        setKeyOfSecond(record);
        long time = timeOf(record, 2);
        if (isLate(time)) {
            late(rightLateTag, record);
            return;
        }
        boolean newTime = buffer(rightBuffer, time, record);
        for (Map.Entry<Long, List<T1>> entry : leftBuffer.entries()) {
            long leftTime = entry.getKey();
            if (leftTime >= time - upperBound && leftTime <= time - lowerBound) {
                for (T1 left : entry.getValue()) {
                    join(left, leftTime, record, time);
                }
            }
        }
        if (newTime) {
            timers.registerEventTimeTimer(RIGHT, lowerBound < 0 ? time - lowerBound : time);
        }
    }

    private long timeOf(Object record, int input) {
        if (!timestamp.has()) {
            throw new IllegalStateException("record " + OperatorFailure.show(record) + " of input " + input + " of "
                    + info.describe() + " has no event timestamp: an interval join joins by event time, so assign "
                    + "timestamps (assignTimestampsAndWatermarks or a source's WatermarkStrategy) on both inputs");
        }
        return timestamp.get();
    }

    private boolean isLate(long time) {
        long watermark = timers.currentWatermark();
        return watermark != Long.MIN_VALUE && time < watermark;
    }

    private <T> void late(OutputTag<T> tag, T record) {
        if (tag != null) {
            sideOutputs.forTag(tag).collect(record);
        } else {
            lateRecordsDropped++;
        }
    }

    /** Adds {@code record} to the list of {@code time}: a new list, as a snapshot may still refer to the old. */
    /** Adds {@code record} to the buffer at {@code time}; returns whether {@code time} was new (its timer not set yet). */
    private static <T> boolean buffer(MapState<Long, List<T>> buffer, long time, T record) {
        List<T> old = buffer.get(time);
        List<T> records = new ArrayList<>(old == null ? 1 : old.size() + 1);
        if (old != null) {
            records.addAll(old);
        }
        records.add(record);
        buffer.put(time, records);
        return old == null;
    }

    private void join(T1 left, long leftTime, T2 right, long rightTime) throws Exception {
        context.leftTime = leftTime;
        context.rightTime = rightTime;
        long previous = timestamp.set(Math.max(leftTime, rightTime));
        try {
            function.processElement(left, right, context, output);
        } finally {
            timestamp.set(previous);
        }
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
    public long numLateRecordsDropped() {
        return lateRecordsDropped;
    }

    // Triggerable: a buffered timestamp can no longer be joined

    @Override
    public void onEventTime(InternalTimer<K, String> timer) {
        if (LEFT.equals(timer.getNamespace())) {
            leftBuffer.remove(upperBound > 0 ? timer.getTimestamp() - upperBound : timer.getTimestamp());
        } else {
            rightBuffer.remove(lowerBound < 0 ? timer.getTimestamp() + lowerBound : timer.getTimestamp());
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<K, String> timer) {
        // the interval join registers no processing-time timers
    }

    /** One context for every pair: the pair's timestamps are set before each call. */
    private final class JoinContext extends ProcessJoinFunction<T1, T2, OUT>.Context {
        long leftTime;
        long rightTime;

        JoinContext() {
            function.super();
        }

        @Override
        public long getLeftTimestamp() {
            return leftTime;
        }

        @Override
        public long getRightTimestamp() {
            return rightTime;
        }

        @Override
        public long getTimestamp() {
            return Math.max(leftTime, rightTime);
        }

        @Override
        public <X> void output(OutputTag<X> outputTag, X value) {
            sideOutputs.forTag(outputTag).collect(value);
        }
    }
}
