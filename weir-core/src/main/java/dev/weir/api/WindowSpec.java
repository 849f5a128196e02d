package dev.weir.api;

import dev.weir.api.dag.Operation;
import dev.weir.api.dag.Transformation;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.Function;
import dev.weir.api.functions.KeySelector;
import dev.weir.api.functions.ReduceFunction;
import dev.weir.api.functions.RichFunction;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.windowing.assigners.MergingWindowAssigner;
import dev.weir.api.windowing.assigners.WindowAssigner;
import dev.weir.api.windowing.evictors.Evictor;
import dev.weir.api.windowing.triggers.Trigger;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link WindowedStream} and {@link AllWindowedStream} collect before their function is given
 * (assigner, trigger, evictor, lateness, late-data tag), and how they add the window operator.
 */
final class WindowSpec<T> {
    private final StreamExecutionEnvironment env;
    private final List<Transformation.Input> inputs;
    private final KeySelector<T, ?> keySelector;
    private final TypeInformation<?> keyType;
    private final TypeInformation<T> inputType;
    private final boolean allWindows;
    private final WindowAssigner<? super T, ?> assigner;
    private Trigger<?, ?> trigger;
    private Evictor<?, ?> evictor;
    private long allowedLateness;
    private OutputTag<T> lateDataTag;

    WindowSpec(StreamExecutionEnvironment env, List<Transformation.Input> inputs, KeySelector<T, ?> keySelector,
               TypeInformation<?> keyType, TypeInformation<T> inputType, boolean allWindows,
               WindowAssigner<? super T, ?> assigner) {
        this.env = env;
        this.inputs = inputs;
        this.keySelector = keySelector;
        this.keyType = keyType;
        this.inputType = inputType;
        this.allWindows = allWindows;
        this.assigner = Objects.requireNonNull(assigner, "window assigner");
        this.trigger = assigner.getDefaultTrigger();
    }

    StreamExecutionEnvironment env() {
        return env;
    }

    TypeInformation<T> inputType() {
        return inputType;
    }

    void trigger(Trigger<?, ?> trigger) {
        Objects.requireNonNull(trigger, "trigger");
        if (assigner instanceof MergingWindowAssigner<?, ?> && !trigger.canMerge()) {
            throw new UnsupportedOperationException("the merging window assigner " + assigner + " needs a trigger "
                    + "that can merge, and " + trigger + " cannot (its canMerge() is false)");
        }
        this.trigger = trigger;
    }

    void allowedLateness(Duration lateness) {
        long millis = Objects.requireNonNull(lateness, "lateness").toMillis();
        if (millis < 0) {
            throw new IllegalArgumentException("the allowed lateness must not be negative, not " + lateness);
        }
        this.allowedLateness = millis;
    }

    void sideOutputLateData(OutputTag<T> tag) {
        this.lateDataTag = Objects.requireNonNull(tag, "outputTag");
    }

    void evictor(Evictor<?, ?> evictor) {
        if (assigner instanceof MergingWindowAssigner<?, ?>) {
            throw new UnsupportedOperationException("an evictor cannot be used with the merging window assigner "
                    + assigner);
        }
        this.evictor = Objects.requireNonNull(evictor, "evictor");
    }

    static void requireNotRich(Function function, String what) {
        if (function instanceof RichFunction) {
            throw new UnsupportedOperationException("the " + what + " of a window cannot be a rich function ("
                    + function.getClass().getName() + "); put what needs open/close or state into a "
                    + "ProcessWindowFunction given with it");
        }
    }

    /**
     * Adds the window operator. {@code contentsType} is what a window keeps (accumulator, reduced value or
     * record); {@code outputType} the result type where known.
     */
    <R> SingleOutputStreamOperator<R> build(Function preAggregation, Function windowFunction,
                                            TypeInformation<?> contentsType, TypeInformation<?> outputType) {
        if (preAggregation instanceof ReduceFunction<?> reducer) {
            requireNotRich(reducer, "reduce function");
        } else if (preAggregation instanceof AggregateFunction<?, ?, ?> aggregator) {
            requireNotRich(aggregator, "aggregate function");
        }
        Operation.Windowed operation = new Operation.Windowed(keySelector, assigner, trigger, evictor,
                assigner.isEventTime() ? allowedLateness : 0, lateDataTag, preAggregation, windowFunction,
                evictor != null ? inputType : contentsType); // with an evictor a window keeps its records
        String label = allWindows ? "AllWindow" : "Window";
        SingleOutputStreamOperator<R> op = env.addOperator(Transformation.Kind.KEYED_OPERATOR, label, inputs, operation);
        op.transformation.setKeyType(keyType);
        op.name(label + "(" + assigner + ", " + trigger + (evictor != null ? ", " + evictor : "") + ")");
        if (allWindows) {
            op.setParallelism(1);
        }
        return op.inferType(outputType);
    }
}
