package dev.weir.flink.translate.window;

import dev.weir.api.dag.Operation;
import dev.weir.api.dag.Transformation;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.ReduceFunction;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.TranslationContext;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.datastream.WindowedStream;
import org.apache.flink.streaming.api.windowing.windows.Window;

/**
 * Translates a Weir window operator ({@link Operation.Windowed}: {@code KeyedStream.window(..)} and
 * {@code windowAll(..)}) into Flink's window operator on the node's keyed input: assigner, trigger, evictor, allowed
 * lateness and late-data side output translated; a reduce or aggregate function pre-aggregates on Flink's incremental
 * path, and the window function (or a pass-through) runs as one Flink {@code ProcessWindowFunction}.
 *
 * <p>{@code windowAll} is keyed by Weir's constant key with parallelism 1 in the plan already, which is what Flink's
 * own {@code windowAll} does too; its all-window functions run through the same adapter.
 */
public final class WindowOperators {

    private WindowOperators() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void translate(TranslationContext context, Transformation node) {
        Operation.Windowed windowed = (Operation.Windowed) node.operation();
        PlanRef ref = context.ref();
        WindowKind kind = WindowKind.of(windowed.assigner(), node);
        WindowFunctionAdapter.Kind.of(windowed.windowFunction(), node); // fails early for an unknown function type

        KeyedStream<Object, Object> keyed = context.keyed(node, 0);
        WindowedStream<Object, Object, Window> windows = keyed.window(
                (org.apache.flink.streaming.api.windowing.assigners.WindowAssigner) Assigners.toFlink(windowed.assigner(), ref, node));
        windows.trigger(Triggers.toFlink(windowed.trigger(), ref, node, kind, 0));
        if (windowed.evictor() != null) {
            windows.evictor(new EvictorAdapter(ref, node.id(), kind));
        }
        if (windowed.allowedLateness() > 0) {
            windows.allowedLateness(Duration.ofMillis(windowed.allowedLateness()));
        }
        if (windowed.lateDataTag() != null) {
            windows.sideOutputLateData(context.outputTag((dev.weir.api.OutputTag<Object>) windowed.lateDataTag()));
        }

        TypeInformation<Object> outputType = context.outputType(node);
        WindowFunctionAdapter function = new WindowFunctionAdapter(ref, node.id(), kind);
        SingleOutputStreamOperator<Object> operator;
        if (windowed.preAggregation() instanceof ReduceFunction<?>) {
            operator = windows.reduce(new ReduceAdapter(ref, node.id()), function, outputType);
        } else if (windowed.preAggregation() instanceof AggregateFunction<?, ?, ?>) {
            TypeInformation<Object> accumulatorType = context.flinkType(
                    (dev.weir.api.typeinfo.TypeInformation<Object>) windowed.contentsType());
            operator = windows.aggregate(new AggregateAdapter(ref, node.id()), function, accumulatorType,
                    context.flinkType(null), outputType);
        } else {
            operator = windows.process(function, outputType);
        }
        context.finish(node, operator);
    }
}
