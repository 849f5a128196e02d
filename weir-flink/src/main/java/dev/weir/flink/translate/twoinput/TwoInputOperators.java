package dev.weir.flink.translate.twoinput;

import dev.weir.api.dag.Operation;
import dev.weir.api.dag.Transformation;
import dev.weir.api.functions.CoFlatMapFunction;
import dev.weir.api.functions.CoMapFunction;
import dev.weir.api.functions.KeyedBroadcastProcessFunction;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.TranslationContext;
import dev.weir.flink.translate.TranslationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.ConnectedStreams;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Translates Weir's two-input operators into Flink's: connected streams ({@code CoMap}, {@code CoFlatMap},
 * {@code CoProcess}, keyed or not), keyed co-process, broadcast process (keyed or not, with the broadcast states of
 * the node's descriptors) and the interval join (Flink's, with the inclusive bounds Weir computed and the late-record
 * side outputs). Input 0 of the node is Flink's first input, input 1 its second.
 */
public final class TwoInputOperators {

    private TwoInputOperators() {
    }

    public static void translate(TranslationContext context, Transformation node) {
        Operation operation = node.operation();
        PlanRef ref = context.ref();
        TypeInformation<Object> outputType = context.outputType(node);
        SingleOutputStreamOperator<Object> operator;
        if (operation instanceof Operation.CoOperation co) {
            ConnectedStreams<Object, Object> connected = co.keySelector1() != null
                    ? context.<Object, Object>keyed(node, 0).connect(context.<Object, Object>keyed(node, 1))
                    : context.input(node, 0).connect(context.input(node, 1));
            if (co.function() instanceof CoMapFunction<?, ?, ?>) {
                operator = connected.map(new CoMapAdapter(ref, node.id()), outputType);
            } else if (co.function() instanceof CoFlatMapFunction<?, ?, ?>) {
                operator = connected.flatMap(new CoFlatMapAdapter(ref, node.id()), outputType);
            } else {
                operator = connected.process(new CoProcessAdapter(ref, node.id()), outputType);
            }
        } else if (operation instanceof Operation.KeyedCoProcess) {
            operator = context.<Object, Object>keyed(node, 0).connect(context.<Object, Object>keyed(node, 1))
                    .process(new KeyedCoProcessAdapter(ref, node.id()), outputType);
        } else if (operation instanceof Operation.BroadcastProcess broadcast) {
            BroadcastStates states = BroadcastStates.of(ref, node, broadcast.descriptors());
            BroadcastStream<Object> broadcastInput = unpartitioned(context, node, 1).broadcast(states.all());
            if (broadcast.function() instanceof KeyedBroadcastProcessFunction<?, ?, ?, ?>) {
                operator = context.<Object, Object>keyed(node, 0).connect(broadcastInput)
                        .process(new KeyedBroadcastProcessAdapter(ref, node.id()), outputType);
            } else {
                operator = context.input(node, 0).connect(broadcastInput)
                        .process(new BroadcastProcessAdapter(ref, node.id()), outputType);
            }
        } else if (operation instanceof Operation.IntervalJoin join) {
            operator = intervalJoin(context, node, join, outputType);
        } else {
            throw new TranslationException(node, "it is a two-input operation the Flink runner does not know: "
                    + operation.getClass().getSimpleName());
        }
        context.finish(node, operator);
    }

    @SuppressWarnings("unchecked")
    private static SingleOutputStreamOperator<Object> intervalJoin(TranslationContext context, Transformation node,
                                                                   Operation.IntervalJoin join,
                                                                   TypeInformation<Object> outputType) {
        KeyedStream<Object, Object> left = context.keyed(node, 0);
        KeyedStream<Object, Object> right = context.keyed(node, 1);
        // Weir's bounds are inclusive already (an exclusive bound was moved by 1 ms), as Flink's are by default
        KeyedStream.IntervalJoined<Object, Object, Object> joined = left.intervalJoin(right)
                .between(Duration.ofMillis(join.lowerBound()), Duration.ofMillis(join.upperBound()));
        if (join.leftLateTag() != null) {
            joined.sideOutputLeftLateData(context.outputTag((dev.weir.api.OutputTag<Object>) join.leftLateTag()));
        }
        if (join.rightLateTag() != null) {
            joined.sideOutputRightLateData(context.outputTag((dev.weir.api.OutputTag<Object>) join.rightLateTag()));
        }
        return joined.process(new ProcessJoinAdapter(context.ref(), node.id()), outputType);
    }

    /** The union of the node's inputs {@code inputIndex} as their producers emit them (the caller partitions). */
    private static DataStream<Object> unpartitioned(TranslationContext context, Transformation node, int inputIndex) {
        List<DataStream<Object>> parts = new ArrayList<>();
        for (Transformation.Input input : node.inputs()) {
            if (input.inputIndex() == inputIndex) {
                parts.add(context.stream(input.from()));
            }
        }
        if (parts.isEmpty()) {
            throw new TranslationException(node, "it has no input " + inputIndex);
        }
        DataStream<Object> first = parts.get(0);
        if (parts.size() == 1) {
            return first;
        }
        @SuppressWarnings("unchecked")
        DataStream<Object>[] others = parts.subList(1, parts.size()).toArray(DataStream[]::new);
        return first.union(others);
    }
}
