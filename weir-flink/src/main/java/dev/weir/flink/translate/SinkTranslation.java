package dev.weir.flink.translate;

import dev.weir.api.connector.Sink;
import dev.weir.api.dag.Operation;
import dev.weir.api.dag.Transformation;
import dev.weir.flink.translate.io.WeirFlinkSink;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Weir sink node becomes a Flink Sink V2 running the Weir sink ({@link WeirFlinkSink}); a two-phase-commit sink
 * gets a committer that commits on Flink's checkpoint completion. The committer must run chained to its writer, so
 * a transactional sink keeps chaining even if the Weir node disabled it (with a warning).
 */
final class SinkTranslation {

    private static final Logger LOG = LoggerFactory.getLogger(SinkTranslation.class);

    private SinkTranslation() {
    }

    static void translate(TranslationContext context, Transformation node) {
        if (!(node.operation() instanceof Operation.SinkTo sinkTo)) {
            throw new TranslationException(node, "a sink node without a sink (" + node.operation() + ")");
        }
        Sink<?> sink = sinkTo.sink();
        WeirFlinkSink<Object> flinkSink = WeirFlinkSink.of(context.ref(), node.id(), sink);
        DataStreamSink<?> out = context.input(node, 0).sinkTo(flinkSink);
        if (flinkSink.commits() && node.chaining() == Transformation.Chaining.NEVER) {
            LOG.warn("sink {} ({}) disabled chaining; on Flink it stays chained, since its committer must run in its "
                    + "writer's task", node, sink.getClass().getSimpleName());
            out.name(node.name()).uid(context.uid(node));
            if (node.parallelism() > 0) {
                out.setParallelism(node.parallelism());
            }
        } else {
            context.finishSink(node, out);
        }
    }
}
