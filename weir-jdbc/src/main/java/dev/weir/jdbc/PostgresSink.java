package dev.weir.jdbc;

import dev.weir.api.RuntimeContext;
import dev.weir.api.connector.Sink;
import dev.weir.api.functions.CheckpointListener;
import dev.weir.api.functions.CheckpointedFunction;
import dev.weir.api.functions.FunctionInitializationContext;
import dev.weir.api.functions.FunctionSnapshotContext;
import dev.weir.api.spi.AsyncSnapshotWork;
import java.util.List;

/**
 * Writes records as rows of a PostgreSQL table. Build one with {@link #builder()}.
 *
 * @param <T> record type
 */
public final class PostgresSink<T> implements Sink<T>, CheckpointedFunction, CheckpointListener, AsyncSnapshotWork {

    /** Fills one row from one record; called on the subtask's thread for every record. */
    @FunctionalInterface
    public interface RowWriter<T> {
        void write(T value, Row row) throws Exception;
    }

    /**
     * The row being written: set each column (index into the builder's {@code setColumns}) once.
     * Valid only during {@link RowWriter#write}.
     */
    public interface Row {
        Row setLong(int column, long value);

        Row setInt(int column, int value);

        Row setDouble(int column, double value);

        Row setString(int column, String value);

        Row setBoolean(int column, boolean value);

        Row setNull(int column);

        Row setObject(int column, Object value);
    }

    private final PostgresSinkSettings<T> settings;

    PostgresSink(PostgresSinkSettings<T> settings) {
        this.settings = settings;
    }

    public static <T> PostgresSinkBuilder<T> builder() {
        return new PostgresSinkBuilder<>();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        throw new UnsupportedOperationException("PostgresSink: not implemented yet");
    }

    @Override
    public void open(RuntimeContext context) throws Exception {
        throw new UnsupportedOperationException("PostgresSink: not implemented yet");
    }

    @Override
    public void write(T value) throws Exception {
        throw new UnsupportedOperationException("PostgresSink: not implemented yet");
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        throw new UnsupportedOperationException("PostgresSink: not implemented yet");
    }

    @Override
    public List<Action> drainAsyncSnapshotWork() {
        return List.of();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
