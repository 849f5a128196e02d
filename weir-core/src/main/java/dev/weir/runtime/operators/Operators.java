package dev.weir.runtime.operators;

import dev.weir.api.dag.Operation;
import dev.weir.api.dag.Transformation;
import dev.weir.api.functions.FilterFunction;
import dev.weir.api.functions.Function;
import dev.weir.runtime.operators.windowing.InternalWindowFunction;
import dev.weir.api.functions.FlatMapFunction;
import dev.weir.api.functions.KeySelector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.MapFunction;
import dev.weir.api.functions.ProcessFunction;
import dev.weir.api.functions.ReduceFunction;
import dev.weir.api.connector.Sink;
import dev.weir.runtime.FunctionCopies;
import java.util.function.ToLongFunction;

/**
 * The local runtime's operator for each node of the logical plan: one new instance per parallel
 * subtask, with its own copy of the user's function.
 */
public final class Operators {

    private Operators() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static StreamOperator<?> create(Transformation t) {
        if (t.kind() == Transformation.Kind.SOURCE) {
            return new SourceOperator<>((dev.weir.api.connector.Source) t.source(),
                    (dev.weir.api.eventtime.WatermarkStrategy) t.watermarkStrategy());
        }
        Operation operation = t.operation();
        if (operation instanceof Operation.Map op) {
            return new MapOperator<>(copy((MapFunction) op.function()));
        } else if (operation instanceof Operation.FlatMap op) {
            return new FlatMapOperator<>(copy((FlatMapFunction) op.function()));
        } else if (operation instanceof Operation.Filter op) {
            return new FilterOperator<>(copy((FilterFunction) op.function()));
        } else if (operation instanceof Operation.Process op) {
            return new ProcessOperator<>(copy((ProcessFunction) op.function()));
        } else if (operation instanceof Operation.KeyedProcess op) {
            return new KeyedProcessOperator<>((KeySelector) op.keySelector(),
                    copy((KeyedProcessFunction) op.function()));
        } else if (operation instanceof Operation.CoOperation op) {
            return coOperation(op);
        } else if (operation instanceof Operation.KeyedCoProcess op) {
            return new KeyedCoProcessOperator<>((KeySelector) op.keySelector1(), (KeySelector) op.keySelector2(),
                    copy((dev.weir.api.functions.KeyedCoProcessFunction) op.function()));
        } else if (operation instanceof Operation.BroadcastProcess op) {
            return broadcastProcess(op);
        } else if (operation instanceof Operation.IntervalJoin op) {
            return new IntervalJoinOperator<>(op, copy((dev.weir.api.functions.ProcessJoinFunction) op.function()));
        } else if (operation instanceof Operation.OnKeyedStream op) {
            return new KeyedProcessOperator<>((KeySelector) op.keySelector(), keyedFunction(op));
        } else if (operation instanceof Operation.RollingReduce op) {
            return new KeyedProcessOperator<>((KeySelector) op.keySelector(), keyedFunction(op));
        } else if (operation instanceof Operation.RollingSum op) {
            return new KeyedProcessOperator<>((KeySelector) op.keySelector(), keyedFunction(op));
        } else if (operation instanceof Operation.Windowed op) {
            return window(op);
        } else if (operation instanceof Operation.SinkTo op) {
            return new SinkOperator<>(copy((Sink) op.sink()));
        } else if (operation instanceof Operation.AssignTimestamps op) {
            return new TimestampsAndWatermarksOperator<>(op.strategy());
        } else if (operation instanceof Operation.PassThrough) {
            return new PassThroughOperator<>();
        }
        throw new IllegalArgumentException("operator " + t + ": the local runtime cannot run " + operation);
    }

    /**
     * The keyed process function that runs {@code operation} (a keyed {@code map}/{@code flatMap}/{@code filter},
     * a rolling {@code reduce} or a rolling sum/count) in the context of each record's key, with a per-subtask copy
     * of the user's function: one new instance per call. Also used by the Flink runner, so both engines run the
     * same code for these operations.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static KeyedProcessFunction<?, ?, ?> keyedFunction(Operation operation) {
        if (operation instanceof Operation.OnKeyedStream op) {
            return onKeyedStream(op.operation());
        } else if (operation instanceof Operation.RollingReduce op) {
            return new RunningAggregates.Reduce<>(copy((ReduceFunction) op.reducer()));
        } else if (operation instanceof Operation.RollingSum op) {
            return new RunningAggregates.Sum<>((ToLongFunction) op.field(), op.stateName());
        }
        throw new IllegalArgumentException("not a keyed map/flatMap/filter or rolling aggregate: " + operation);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static KeyedProcessFunction<?, ?, ?> onKeyedStream(Operation operation) {
        if (operation instanceof Operation.Map op) {
            return new KeyedFunctions.Map<>(copy((MapFunction) op.function()));
        } else if (operation instanceof Operation.FlatMap op) {
            return new KeyedFunctions.FlatMap<>(copy((FlatMapFunction) op.function()));
        }
        return new KeyedFunctions.Filter<>(copy((FilterFunction) ((Operation.Filter) operation).function()));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TwoInputStreamOperator<?, ?> coOperation(Operation.CoOperation op) {
        Function function = copy(op.function());
        KeySelector k1 = op.keySelector1();
        KeySelector k2 = op.keySelector2();
        if (function instanceof dev.weir.api.functions.CoMapFunction mapper) {
            return new CoMapOperator<>(mapper, k1, k2);
        } else if (function instanceof dev.weir.api.functions.CoFlatMapFunction flatMapper) {
            return new CoFlatMapOperator<>(flatMapper, k1, k2);
        }
        return new CoProcessOperator<>((dev.weir.api.functions.CoProcessFunction) function, k1, k2);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TwoInputStreamOperator<?, ?> broadcastProcess(Operation.BroadcastProcess op) {
        Function function = copy(op.function());
        if (function instanceof dev.weir.api.functions.KeyedBroadcastProcessFunction keyed) {
            return new KeyedBroadcastProcessOperator<>((KeySelector) op.keySelector(), keyed, op.descriptors());
        }
        return new BroadcastProcessOperator<>((dev.weir.api.functions.BroadcastProcessFunction) function,
                op.descriptors());
    }

    /** The window operator of {@code op}, with per-subtask copies of its functions. */
    public static WindowOperator<?, ?, ?, ?, ?, ?> window(Operation.Windowed op) {
        Function preAggregation = op.preAggregation() == null ? null : copy(op.preAggregation());
        Object windowFunction = op.windowFunction() == null ? null : copy(op.windowFunction());
        return new WindowOperator<>(op, InternalWindowFunction.of(windowFunction), preAggregation);
    }

    private static <F> F copy(F function) {
        return FunctionCopies.perSubtaskCopy(function);
    }
}
