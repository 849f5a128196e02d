package dev.weir.flink.translate.io;

import dev.weir.api.ErrorPolicy;
import dev.weir.api.connector.Source;
import dev.weir.api.connector.SourceContext;
import dev.weir.api.functions.CheckpointListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask of a Weir source on Flink: collects the splits Flink gives it (restored from its state, and from the
 * enumerator), and when the enumerator says there are no more, creates the Weir reader for all of them, as Weir's
 * runtime does at start. Then every {@link #pollNext} is one Weir {@code pollNext}; when the Weir reader has nothing,
 * the reader becomes available again after the Weir reader's {@code nanosUntilAvailable()} (a rate limit's wait).
 *
 * <p>Its state in Flink's checkpoints is the Weir reader's {@code snapshotSplits(checkpointId)}: the unfinished
 * splits with their positions, so a restore resumes exactly there. A Weir reader that is a
 * {@link CheckpointListener} hears of completed checkpoints (Kafka commits offsets then).
 *
 * <p>Called on the task thread only, except {@link #isAvailable}'s future, which a timer completes.
 */
final class WeirSourceReader<T, S> implements SourceReader<T, WeirSplit<S>>, SourceContext {

    private static final Logger LOG = LoggerFactory.getLogger(WeirSourceReader.class);

    private final SourceRef ref;
    private final SourceReaderContext context;
    private final List<WeirSplit<S>> splits = new ArrayList<>();
    private final ReaderOutputBridge<T> output = new ReaderOutputBridge<>();
    private final ErrorPolicy errorPolicy;
    private dev.weir.api.connector.SourceReader<T, S> reader;
    private boolean noMoreSplits;
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private int skipped;

    WeirSourceReader(SourceRef ref, SourceReaderContext context) {
        this.ref = ref;
        this.context = context;
        this.errorPolicy = ref.node().effectiveErrorPolicy();
    }

    @Override
    public void start() {
    }

    @Override
    public void addSplits(List<WeirSplit<S>> added) {
        if (reader != null) {
            throw new IllegalStateException("source " + ref.node() + " subtask " + getSubtaskIndex() + " was given "
                    + "splits " + added + " after its Weir reader started: a Weir reader reads a fixed set of splits");
        }
        splits.addAll(added);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> flinkOutput) throws Exception {
        if (reader == null) {
            if (!noMoreSplits) {
                return InputStatus.NOTHING_AVAILABLE; // available completes when the enumerator answers
            }
            Source<T, S> source = ref.source();
            List<S> values = new ArrayList<>(splits.size());
            for (WeirSplit<S> split : splits) {
                values.add(split.split());
                // Flink opened an output (a watermark generator) for each split it handed over, under the id Flink
                // knows it by; the Weir reader opens its own per split, under its own ids, and never emits into
                // Flink's. Left open, each would hold the subtask's combined watermark at its start all run long.
                flinkOutput.releaseOutputForSplit(split.splitId());
            }
            reader = source.createReader(this, values);
            splits.clear();
            if (values.isEmpty()) {
                flinkOutput.markIdle(); // nothing to read: downstream must not wait for this subtask's watermark
            }
        }
        switch (reader.pollNext(output.on(flinkOutput))) {
            case MORE_AVAILABLE:
                return InputStatus.MORE_AVAILABLE;
            case NOTHING_AVAILABLE:
                long nanos = Math.max(0, reader.nanosUntilAvailable());
                available = new CompletableFuture<Void>().completeOnTimeout(null, nanos, TimeUnit.NANOSECONDS);
                return InputStatus.NOTHING_AVAILABLE;
            default:
                return InputStatus.END_OF_INPUT;
        }
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public List<WeirSplit<S>> snapshotState(long checkpointId) {
        skipped = 0; // the error policy's limit counts per checkpoint interval
        if (reader == null) {
            return List.copyOf(splits);
        }
        List<S> positions;
        try {
            positions = reader.snapshotSplits(checkpointId);
        } catch (Exception e) {
            throw new IllegalStateException("source " + ref.node() + " subtask " + getSubtaskIndex()
                    + " could not snapshot its splits for checkpoint " + checkpointId + ": " + e.getMessage(), e);
        }
        List<WeirSplit<S>> state = new ArrayList<>(positions.size());
        for (int k = 0; k < positions.size(); k++) {
            state.add(new WeirSplit<>(getSubtaskIndex() + "-" + checkpointId + "-" + k, positions.get(k)));
        }
        return state;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        if (reader instanceof CheckpointListener listener) {
            listener.notifyCheckpointComplete(checkpointId);
        }
    }

    @Override
    public void close() throws Exception {
        available.complete(null);
        if (reader != null) {
            reader.close();
        }
    }

    // ---- the Weir SourceContext of the reader ----

    @Override
    public int getSubtaskIndex() {
        return context.getIndexOfSubtask();
    }

    @Override
    public int getParallelism() {
        return context.currentParallelism();
    }

    @Override
    public long currentProcessingTime() {
        return System.currentTimeMillis();
    }

    /** The source's error policy: fail, or skip (dead letters are skipped too on Flink) up to its limit. */
    @Override
    public void onMalformedRecord(String record, Exception error, String position) throws Exception {
        if (errorPolicy.kind() == ErrorPolicy.Kind.FAIL) {
            throw error;
        }
        if (errorPolicy.kind() == ErrorPolicy.Kind.SKIP && ++skipped > errorPolicy.maxPerCheckpointInterval()) {
            throw new IllegalStateException("source " + ref.node() + " subtask " + getSubtaskIndex() + " skipped more "
                    + "than " + errorPolicy.maxPerCheckpointInterval() + " malformed records in one checkpoint "
                    + "interval (error policy " + errorPolicy + "); last at " + position + ": " + error.getMessage(),
                    error);
        }
        LOG.warn("source {} subtask {} skips a malformed record at {} ({}): {}", ref.node(), getSubtaskIndex(),
                position, error.getMessage(), record);
    }
}
