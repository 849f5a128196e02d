package dev.weir.runtime.operators;

import dev.weir.api.Collector;
import dev.weir.api.connector.Source;
import dev.weir.api.connector.SourceContext;
import dev.weir.api.connector.SourceReader;
import dev.weir.runtime.ProcessingTimeService;
import dev.weir.runtime.TaskInfo;

/**
 * The head of a source task's chain: owns the subtask's {@link SourceReader} and hands it the
 * chain's output. It receives no records; the task drives it through {@link #pollNext}.
 */
public final class SourceOperator<T> implements StreamOperator<Void>, SourceContext {
    private final Source<T> source;
    private SourceReader<T> reader;
    private Collector<T> output;
    private TaskInfo info;
    private ProcessingTimeService timeService;

    public SourceOperator(Source<T> source) {
        this.source = source;
    }

    @Override
    public void open(OperatorContext context) throws Exception {
        this.info = context.info();
        this.output = context.typedOutput();
        this.timeService = context.timeService();
        this.reader = source.createReader(this);
    }

    public SourceReader.InputStatus pollNext() throws Exception {
        return reader.pollNext(output);
    }

    public long nanosUntilAvailable() {
        return reader.nanosUntilAvailable();
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
