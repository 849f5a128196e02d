package dev.weir.flink.translate;

import dev.weir.api.dag.Operation;
import dev.weir.api.dag.Transformation;
import dev.weir.flink.translate.bridge.FlinkFilterFunction;
import dev.weir.flink.translate.bridge.FlinkFlatMapFunction;
import dev.weir.flink.translate.bridge.FlinkKeyedProcessFunction;
import dev.weir.flink.translate.bridge.FlinkMapFunction;
import dev.weir.flink.translate.bridge.FlinkProcessFunction;
import dev.weir.flink.translate.bridge.FlinkWatermarks;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Translates the one-input operators: {@code map}, {@code flatMap}, {@code filter} and {@code process} become
 * Flink's operators of the same name running the Weir function ({@code bridge.Flink*Function}); a keyed
 * {@code process}, a keyed rich {@code map}/{@code flatMap}/{@code filter} and the rolling {@code reduce},
 * {@code sum} and {@code count} become a Flink keyed process function running the keyed process function Weir's
 * local runtime runs for them (so their state has the same names); {@code assignTimestampsAndWatermarks} gets the
 * Weir strategy through {@link FlinkWatermarks}; a pass-through node (the merged dead letters) is the union of its
 * inputs.
 */
final class OneInputTranslation {

    private OneInputTranslation() {
    }

    static void translate(TranslationContext context, Transformation node) {
        Operation operation = node.operation();
        PlanRef ref = context.ref();
        int id = node.id();
        TypeInformation<Object> outputType = context.outputType(node);
        if (operation instanceof Operation.PassThrough) {
            if (node.inputs().isEmpty()) {
                throw new TranslationException(node, "it has no inputs");
            }
            context.put(node, context.input(node, 0));
        } else if (operation instanceof Operation.Map) {
            DataStream<Object> input = context.input(node, 0);
            context.finish(node, input.map(new FlinkMapFunction<>(ref, id), outputType));
        } else if (operation instanceof Operation.FlatMap) {
            DataStream<Object> input = context.input(node, 0);
            context.finish(node, input.flatMap(new FlinkFlatMapFunction<>(ref, id), outputType));
        } else if (operation instanceof Operation.Filter) {
            DataStream<Object> input = context.input(node, 0);
            context.finish(node, input.filter(new FlinkFilterFunction<>(ref, id)));
        } else if (operation instanceof Operation.Process) {
            DataStream<Object> input = context.input(node, 0);
            context.finish(node, input.process(new FlinkProcessFunction<>(ref, id), outputType));
        } else if (operation instanceof Operation.KeyedProcess || operation instanceof Operation.OnKeyedStream
                || operation instanceof Operation.RollingReduce || operation instanceof Operation.RollingSum) {
            context.finish(node, context.<Object, Object>keyed(node, 0)
                    .process(new FlinkKeyedProcessFunction<>(ref, id), outputType));
        } else if (operation instanceof Operation.AssignTimestamps) {
            DataStream<Object> input = context.input(node, 0);
            context.finish(node, input.assignTimestampsAndWatermarks(FlinkWatermarks.of(ref, id)));
        } else {
            throw new TranslationException(node, "the one-input translation does not know operation "
                    + operation.getClass().getSimpleName());
        }
    }
}
