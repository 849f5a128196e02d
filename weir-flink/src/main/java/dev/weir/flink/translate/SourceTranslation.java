package dev.weir.flink.translate;

import dev.weir.api.connector.Source;
import dev.weir.api.dag.Transformation;
import dev.weir.flink.translate.bridge.FlinkWatermarks;
import dev.weir.flink.translate.io.WeirFlinkSource;
import org.apache.flink.streaming.api.datastream.DataStreamSource;

/**
 * A Weir source node becomes a Flink source (FLIP-27) running the Weir source's readers, with the node's watermark
 * strategy; see {@link WeirFlinkSource}. The parallelism follows Weir's rule: at most the source's
 * {@link Source#maxSupportedParallelism()} (lowered from the job's default, refused when set on the operator).
 */
final class SourceTranslation {

    private SourceTranslation() {
    }

    static void translate(TranslationContext context, Transformation node) {
        Source<?, ?> source = node.source();
        int max = source.maxSupportedParallelism();
        if (node.parallelism() > max) {
            throw new TranslationException(node, "source " + source.getClass().getSimpleName() + " supports "
                    + "parallelism up to " + max + ", but setParallelism(" + node.parallelism() + ") was asked");
        }
        DataStreamSource<Object> stream = context.env().fromSource(WeirFlinkSource.of(context.ref(), node.id()),
                FlinkWatermarks.of(context.ref(), node.id()), node.name(), context.outputType(node));
        context.finish(node, stream);
        if (node.parallelism() <= 0 && context.env().getParallelism() > max) {
            stream.setParallelism(max);
        }
    }
}
