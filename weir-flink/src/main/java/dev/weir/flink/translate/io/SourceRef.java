package dev.weir.flink.translate.io;

import dev.weir.api.connector.Source;
import dev.weir.api.dag.Transformation;
import dev.weir.api.serialization.TypeSerializer;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.Plans;
import dev.weir.flink.translate.types.JobSerializers;
import java.io.Serializable;

/**
 * Names a Weir source node of a translated job: all a Flink-side object of the source carries. The source itself
 * is taken from the plan rebuilt in this JVM ({@link Plans#node}); a Weir source is immutable and shared by its
 * subtasks, so no copy is made.
 */
record SourceRef(PlanRef plan, int nodeId) implements Serializable {

    private static final long serialVersionUID = 1L;

    Transformation node() {
        return Plans.node(plan, nodeId);
    }

    @SuppressWarnings("unchecked")
    <T, S> Source<T, S> source() {
        return (Source<T, S>) node().source();
    }

    /** Weir's serializer of the source's split type (the job's registered serializers included). */
    <S> TypeSerializer<S> splitSerializer() {
        Source<?, S> source = source();
        return JobSerializers.of(plan).forType(source.splitType(), "splits of source " + node());
    }
}
