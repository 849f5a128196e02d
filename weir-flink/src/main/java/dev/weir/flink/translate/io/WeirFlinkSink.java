package dev.weir.flink.translate.io;

import dev.weir.api.connector.Sink;
import dev.weir.api.functions.CheckpointListener;
import dev.weir.api.functions.CheckpointedFunction;
import dev.weir.flink.translate.PlanRef;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Weir sink as a Flink Sink V2; each subtask's writer runs its own copy of the Weir sink ({@link WeirSinkWriter}).
 * Which Flink shape it takes depends on how the Weir sink takes part in checkpoints ({@link #of}): a plain sink has
 * a stateless writer; a {@link CheckpointedFunction} sink has writer state (its Weir operator state); a sink that
 * listens to checkpoints ({@link CheckpointListener}: every two-phase-commit sink) also has a committer that
 * commits on Flink's checkpoint completion. Holds nothing but the name of its Weir node.
 */
public class WeirFlinkSink<T> implements org.apache.flink.api.connector.sink2.Sink<T> {

    private static final long serialVersionUID = 1L;

    final SinkRef ref;

    private WeirFlinkSink(SinkRef ref) {
        this.ref = ref;
    }

    /** The Flink sink of the Weir sink {@code sink}, node {@code nodeId} of the job {@code plan}. */
    public static <T> WeirFlinkSink<T> of(PlanRef plan, int nodeId, Sink<?> sink) {
        SinkRef ref = new SinkRef(plan, nodeId);
        if (sink instanceof CheckpointListener) {
            return new Transactional<>(ref);
        }
        return sink instanceof CheckpointedFunction ? new Checkpointed<>(ref) : new WeirFlinkSink<>(ref);
    }

    /** Whether this sink has a committer, which Flink must chain to its writer. */
    public boolean commits() {
        return this instanceof Transactional;
    }

    WeirSinkWriter.Mode mode() {
        return WeirSinkWriter.Mode.PLAIN;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new WeirSinkWriter<>(ref, mode(), context, List.of());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + ref + ")";
    }

    /** A sink with operator state: writer state. */
    static class Checkpointed<T> extends WeirFlinkSink<T> implements SupportsWriterState<T, SinkWriterState> {
        private static final long serialVersionUID = 1L;

        Checkpointed(SinkRef ref) {
            super(ref);
        }

        @Override
        WeirSinkWriter.Mode mode() {
            return WeirSinkWriter.Mode.CHECKPOINTED;
        }

        @Override
        public StatefulSinkWriter<T, SinkWriterState> restoreWriter(WriterInitContext context,
                                                                    Collection<SinkWriterState> recoveredState)
                throws IOException {
            return new WeirSinkWriter<>(ref, mode(), context, recoveredState);
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
            return restoreWriter(context, List.of());
        }

        @Override
        public SimpleVersionedSerializer<SinkWriterState> getWriterStateSerializer() {
            return new SinkWriterStateSerializer();
        }
    }

    /** A sink that listens to checkpoints (two-phase commit): writer state and a committer. */
    static final class Transactional<T> extends Checkpointed<T> implements SupportsCommitter<SinkCommittable> {
        private static final long serialVersionUID = 1L;

        Transactional(SinkRef ref) {
            super(ref);
        }

        @Override
        WeirSinkWriter.Mode mode() {
            return WeirSinkWriter.Mode.TRANSACTIONAL;
        }

        @Override
        public Committer<SinkCommittable> createCommitter(CommitterInitContext context) {
            return new WeirSinkCommitter(ref, context);
        }

        @Override
        public SimpleVersionedSerializer<SinkCommittable> getCommittableSerializer() {
            return new SinkCommittableSerializer();
        }
    }
}
