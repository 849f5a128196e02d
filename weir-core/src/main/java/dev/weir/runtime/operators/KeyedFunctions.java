package dev.weir.runtime.operators;

import dev.weir.api.Collector;
import dev.weir.api.functions.CheckpointListener;
import dev.weir.api.functions.CheckpointedFunction;
import dev.weir.api.functions.FilterFunction;
import dev.weir.api.functions.FlatMapFunction;
import dev.weir.api.functions.FunctionInitializationContext;
import dev.weir.api.functions.FunctionSnapshotContext;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.MapFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.functions.RichFunction;

/**
 * A rich {@code map}, {@code flatMap} or {@code filter} on a keyed stream, run as a keyed process
 * function so that it sees the keyed state of each record's key, as in Flink. The wrapped function
 * gets every lifecycle call from here: its runtime context (the keyed one), {@code open},
 * {@code close}, and the checkpoint calls if it is a {@link CheckpointedFunction} or a
 * {@link CheckpointListener}.
 */
final class KeyedFunctions {
    private KeyedFunctions() {
    }

    /**
     * Forwards the lifecycle of the operator's function to the wrapped one (also used by the
     * running {@code reduce} of {@link RunningAggregates}).
     */
    abstract static class Wrapping<K, I, O> extends KeyedProcessFunction<K, I, O>
            implements CheckpointedFunction, CheckpointListener {
        private final Object function;

        Wrapping(Object function) {
            this.function = function;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            if (function instanceof CheckpointedFunction checkpointed) {
                checkpointed.initializeState(context);
            }
        }

        @Override
        public void open(OpenContext openContext) throws Exception {
            if (function instanceof RichFunction rich) {
                rich.setRuntimeContext(getRuntimeContext());
                rich.open(openContext);
            }
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            if (function instanceof CheckpointedFunction checkpointed) {
                checkpointed.snapshotState(context);
            }
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            if (function instanceof CheckpointListener listener) {
                listener.notifyCheckpointComplete(checkpointId);
            }
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) throws Exception {
            if (function instanceof CheckpointListener listener) {
                listener.notifyCheckpointAborted(checkpointId);
            }
        }

        @Override
        public void close() throws Exception {
            if (function instanceof RichFunction rich) {
                rich.close();
            }
        }
    }

    static final class Map<K, I, O> extends Wrapping<K, I, O> {
        private final MapFunction<I, O> mapper;

        Map(MapFunction<I, O> mapper) {
            super(mapper);
            this.mapper = mapper;
        }

        @Override
        public void processElement(I value, Context context, Collector<O> out) throws Exception {
            out.collect(mapper.map(value));
        }
    }

    static final class FlatMap<K, I, O> extends Wrapping<K, I, O> {
        private final FlatMapFunction<I, O> flatMapper;

        FlatMap(FlatMapFunction<I, O> flatMapper) {
            super(flatMapper);
            this.flatMapper = flatMapper;
        }

        @Override
        public void processElement(I value, Context context, Collector<O> out) throws Exception {
            flatMapper.flatMap(value, out);
        }
    }

    static final class Filter<K, T> extends Wrapping<K, T, T> {
        private final FilterFunction<T> filter;

        Filter(FilterFunction<T> filter) {
            super(filter);
            this.filter = filter;
        }

        @Override
        public void processElement(T value, Context context, Collector<T> out) throws Exception {
            if (filter.filter(value)) {
                out.collect(value);
            }
        }
    }
}
