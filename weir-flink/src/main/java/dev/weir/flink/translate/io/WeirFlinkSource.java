package dev.weir.flink.translate.io;

import dev.weir.flink.translate.PlanRef;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Weir {@link dev.weir.api.connector.Source} as a Flink source (FLIP-27): the enumerator deals each subtask the
 * Weir source's initial splits ({@link WeirSplitEnumerator}), each reader runs a Weir reader
 * ({@link WeirSourceReader}), and the splits, with their positions, live in Flink's checkpoints, written by Weir's
 * serializer of the split type. Holds nothing but the name of its Weir node.
 *
 * <p>Flink is told the source is unbounded (so the job runs in streaming mode with checkpoints); a Weir reader
 * that reaches the end of its input still ends its subtask.
 */
public final class WeirFlinkSource<T, S> implements Source<T, WeirSplit<S>, UnassignedSplits<S>> {

    private static final long serialVersionUID = 1L;

    private final SourceRef ref;

    private WeirFlinkSource(SourceRef ref) {
        this.ref = ref;
    }

    /** The Flink source of the Weir source node {@code nodeId} of the job {@code plan}. */
    public static <T, S> WeirFlinkSource<T, S> of(PlanRef plan, int nodeId) {
        return new WeirFlinkSource<>(new SourceRef(plan, nodeId));
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<WeirSplit<S>, UnassignedSplits<S>> createEnumerator(
            SplitEnumeratorContext<WeirSplit<S>> context) {
        return new WeirSplitEnumerator<>(context, ref, null);
    }

    @Override
    public SplitEnumerator<WeirSplit<S>, UnassignedSplits<S>> restoreEnumerator(
            SplitEnumeratorContext<WeirSplit<S>> context, UnassignedSplits<S> checkpoint) {
        return new WeirSplitEnumerator<>(context, ref, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<WeirSplit<S>> getSplitSerializer() {
        return new WeirSplitSerializer<>(ref);
    }

    @Override
    public SimpleVersionedSerializer<UnassignedSplits<S>> getEnumeratorCheckpointSerializer() {
        return new UnassignedSplitsSerializer<>(ref);
    }

    @Override
    public SourceReader<T, WeirSplit<S>> createReader(SourceReaderContext readerContext) {
        return new WeirSourceReader<>(ref, readerContext);
    }

    @Override
    public String toString() {
        return "WeirFlinkSource(" + ref + ")";
    }
}
