package dev.weir.runtime.operators;

import dev.weir.api.Collector;
import dev.weir.api.connector.Source;
import dev.weir.api.connector.SourceContext;
import dev.weir.api.connector.SourceReader;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.runtime.ProcessingTimeService;
import dev.weir.runtime.RecordErrors;
import dev.weir.runtime.SourcePosition;
import dev.weir.api.spi.SubtaskInfo;
import dev.weir.state.OperatorStateBackend;
import java.util.ArrayList;
import java.util.List;

/**
 * The head of a source task's chain: owns the subtask's {@link SourceReader} and hands it the
 * chain's output. It receives no records; the task drives it through {@link #pollNext}.
 *
 * <p>The reader's unfinished splits (with positions) are the operator's state: a list in operator
 * state, so a restore with another parallelism deals them round-robin to the new subtasks.
 */
public final class SourceOperator<T, S> implements StreamOperator<Void>, SourceContext, SourcePosition {
    static final String SPLITS_STATE = "source-splits";

    private final Source<T, S> source;
    private final WatermarkStrategy<T> watermarkStrategy;
    private SplitWatermarks<T> watermarks;
    private SourceReader<T, S> reader;
    private OperatorStateBackend operatorState;
    private ListState<S> splitsState;
    private SubtaskInfo info;
    private ProcessingTimeService timeService;
    private Collector<T> output;
    private RecordErrors errors;
    private boolean emitting; // inside pollNext: the reader's last record is the one the chain is processing

    public SourceOperator(Source<T, S> source) {
        this(source, WatermarkStrategy.noWatermarks());
    }

    /**
     * A source whose records get timestamps and watermarks from {@code watermarkStrategy}: the reader
     * emits into a {@link dev.weir.api.connector.ReaderOutput}, each split with its own generator.
     */
    public SourceOperator(Source<T, S> source, WatermarkStrategy<T> watermarkStrategy) {
        this.source = source;
        this.watermarkStrategy = watermarkStrategy;
    }

    @Override
    public void open(OperatorContext context) throws Exception {
        this.info = context.info();
        this.errors = context.errors();
        this.timeService = context.timeService();
        Collector<T> output = context.typedOutput();
        operatorState = new OperatorStateBackend(context.serializers());
        List<S> splits;
        if (context.restore().isEmpty()) {
            splits = source.initialSplits(info.subtaskIndex(), info.parallelism());
            splitsState = operatorState.getListState(new ListStateDescriptor<>(SPLITS_STATE, source.splitType()));
        } else {
            operatorState.restore(context.restore().operatorStateShare(info.subtaskIndex(), info.parallelism()));
            splitsState = operatorState.getListState(new ListStateDescriptor<>(SPLITS_STATE, source.splitType()));
            splits = new ArrayList<>();
            splitsState.get().forEach(splits::add);
        }
        this.reader = source.createReader(this, splits);
        this.watermarks = new SplitWatermarks<>(watermarkStrategy, context);
        this.output = watermarks;
        if (splits.isEmpty()) {
            watermarks.markSubtaskIdle(); // nothing to read: downstream must not wait for this subtask
        }
        watermarks.start();
    }

    public SourceReader.InputStatus pollNext() throws Exception {
        emitting = true;
        try {
            SourceReader.InputStatus status = reader.pollNext(output);
            if (status == SourceReader.InputStatus.END_OF_INPUT) {
                watermarks.endInput(); // the final watermark: every event-time timer downstream fires
            }
            return status;
        } finally {
            emitting = false;
        }
    }

    @Override
    public boolean forwardsWatermarks() {
        return false; // it makes its own
    }

    @Override
    public String describe() {
        return emitting ? reader.positionOfLastRecord() : null;
    }

    @Override
    public void onMalformedRecord(String record, Exception error, String position) {
        errors.onMalformedInput(record, error, position);
    }

    public long nanosUntilAvailable() {
        return reader.nanosUntilAvailable();
    }

    @Override
    public OperatorSnapshot snapshotState(long checkpointId, long timestamp) throws Exception {
        splitsState.update(reader.snapshotSplits(checkpointId));
        return new OperatorSnapshot(null, operatorState.snapshot());
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        if (reader instanceof dev.weir.api.functions.CheckpointListener listener) {
            listener.notifyCheckpointComplete(checkpointId);
        }
    }

    @Override
    public void processElement(Void record) {
        throw new UnsupportedOperationException("a source has no input");
    }

    @Override
    public void close() throws Exception {
        if (reader != null) {
            reader.close();
        }
    }

    @Override
    public int getSubtaskIndex() {
        return info.subtaskIndex();
    }

    @Override
    public int getParallelism() {
        return info.parallelism();
    }

    @Override
    public long currentProcessingTime() {
        return timeService.currentTimeMillis();
    }
}
