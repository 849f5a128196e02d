package dev.weir.runtime.operators.windowing;

import dev.weir.api.Collector;
import dev.weir.api.OutputTag;
import dev.weir.api.RuntimeContext;
import dev.weir.api.functions.AbstractRichFunction;
import dev.weir.api.functions.CheckpointListener;
import dev.weir.api.functions.CheckpointedFunction;
import dev.weir.api.functions.FunctionInitializationContext;
import dev.weir.api.functions.FunctionSnapshotContext;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.functions.RichFunction;
import dev.weir.api.functions.windowing.AllWindowFunction;
import dev.weir.api.functions.windowing.ProcessAllWindowFunction;
import dev.weir.api.functions.windowing.ProcessWindowFunction;
import dev.weir.api.functions.windowing.WindowFunction;
import dev.weir.api.state.KeyedStateStore;
import dev.weir.api.windowing.windows.Window;

/**
 * The window operator's one view of the four kinds of user window function (and of none: the
 * pre-aggregated value emitted as it is). A rich, checkpointed function and checkpoint listener itself,
 * passing each lifecycle call on to the user's function where it is of that kind, so the operator drives
 * every kind the same way.
 *
 * @param <V> what the window holds when it fires (records, or the pre-aggregated value)
 */
public abstract class InternalWindowFunction<V, OUT, K, W extends Window> extends AbstractRichFunction
        implements CheckpointedFunction, CheckpointListener {

    /** Emits the results of {@code window} of {@code key}, whose contents are {@code input}. */
    public abstract void process(K key, WindowContext<W> context, Iterable<V> input, Collector<OUT> out) throws Exception;

    /** The window is dropped for good. */
    public void clear(K key, WindowContext<W> context) throws Exception {
    }

    /** The user's function, or null for the pass-through. */
    public abstract Object userFunction();

    @Override
    public void setRuntimeContext(RuntimeContext runtimeContext) {
        super.setRuntimeContext(runtimeContext);
        if (userFunction() instanceof RichFunction rich) {
            rich.setRuntimeContext(runtimeContext);
        }
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        if (userFunction() instanceof RichFunction rich) {
            rich.open(openContext);
        }
    }

    @Override
    public void close() throws Exception {
        if (userFunction() instanceof RichFunction rich) {
            rich.close();
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        if (userFunction() instanceof CheckpointedFunction checkpointed) {
            checkpointed.initializeState(context);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        if (userFunction() instanceof CheckpointedFunction checkpointed) {
            checkpointed.snapshotState(context);
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        if (userFunction() instanceof CheckpointListener listener) {
            listener.notifyCheckpointComplete(checkpointId);
        }
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        if (userFunction() instanceof CheckpointListener listener) {
            listener.notifyCheckpointAborted(checkpointId);
        }
    }

    /** The adapter for a user function of any of the four kinds, or for {@code null} (pass the value on). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <V, OUT, K, W extends Window> InternalWindowFunction<V, OUT, K, W> of(Object function) {
        if (function == null) {
            return (InternalWindowFunction<V, OUT, K, W>) new PassThrough<>();
        } else if (function instanceof ProcessWindowFunction f) {
            return new Process<>(f);
        } else if (function instanceof ProcessAllWindowFunction f) {
            return new ProcessAll<>(f);
        } else if (function instanceof WindowFunction f) {
            return new Apply<>(f);
        } else if (function instanceof AllWindowFunction f) {
            return new ApplyAll<>(f);
        }
        throw new IllegalArgumentException("not a window function: " + function.getClass().getName());
    }

    private static final class PassThrough<V, K, W extends Window> extends InternalWindowFunction<V, V, K, W> {
        @Override
        public void process(K key, WindowContext<W> context, Iterable<V> input, Collector<V> out) {
            for (V value : input) {
                out.collect(value);
            }
        }

        @Override
        public Object userFunction() {
            return null;
        }
    }

    private static final class Apply<V, OUT, K, W extends Window> extends InternalWindowFunction<V, OUT, K, W> {
        private final WindowFunction<V, OUT, K, W> function;

        Apply(WindowFunction<V, OUT, K, W> function) {
            this.function = function;
        }

        @Override
        public void process(K key, WindowContext<W> context, Iterable<V> input, Collector<OUT> out) throws Exception {
            function.apply(key, context.window(), input, out);
        }

        @Override
        public Object userFunction() {
            return function;
        }
    }

    private static final class ApplyAll<V, OUT, K, W extends Window> extends InternalWindowFunction<V, OUT, K, W> {
        private final AllWindowFunction<V, OUT, W> function;

        ApplyAll(AllWindowFunction<V, OUT, W> function) {
            this.function = function;
        }

        @Override
        public void process(K key, WindowContext<W> context, Iterable<V> input, Collector<OUT> out) throws Exception {
            function.apply(context.window(), input, out);
        }

        @Override
        public Object userFunction() {
            return function;
        }
    }

    private static final class Process<V, OUT, K, W extends Window> extends InternalWindowFunction<V, OUT, K, W> {
        private final ProcessWindowFunction<V, OUT, K, W> function;
        private final Context context;

        Process(ProcessWindowFunction<V, OUT, K, W> function) {
            this.function = function;
            this.context = new Context();
        }

        /** One context per subtask, pointing at the operator's context of the moment. */
        private final class Context {
            private WindowContext<W> current;
            private final ProcessWindowFunction<V, OUT, K, W>.Context userContext = function.new Context() {
                @Override
                public W window() {
                    return current.window();
                }

                @Override
                public long currentProcessingTime() {
                    return current.currentProcessingTime();
                }

                @Override
                public long currentWatermark() {
                    return current.currentWatermark();
                }

                @Override
                public KeyedStateStore windowState() {
                    return current.windowState();
                }

                @Override
                public KeyedStateStore globalState() {
                    return current.globalState();
                }

                @Override
                public <X> void output(OutputTag<X> outputTag, X value) {
                    current.output(outputTag, value);
                }
            };

            ProcessWindowFunction<V, OUT, K, W>.Context with(WindowContext<W> windowContext) {
                current = windowContext;
                return userContext;
            }
        }

        @Override
        public void process(K key, WindowContext<W> windowContext, Iterable<V> input, Collector<OUT> out) throws Exception {
            function.process(key, context.with(windowContext), input, out);
        }

        @Override
        public void clear(K key, WindowContext<W> windowContext) throws Exception {
            function.clear(context.with(windowContext));
        }

        @Override
        public Object userFunction() {
            return function;
        }
    }

    private static final class ProcessAll<V, OUT, K, W extends Window> extends InternalWindowFunction<V, OUT, K, W> {
        private final ProcessAllWindowFunction<V, OUT, W> function;
        private WindowContext<W> current;
        private final ProcessAllWindowFunction<V, OUT, W>.Context userContext;

        ProcessAll(ProcessAllWindowFunction<V, OUT, W> function) {
            this.function = function;
            this.userContext = function.new Context() {
                @Override
                public W window() {
                    return current.window();
                }

                @Override
                public KeyedStateStore windowState() {
                    return current.windowState();
                }

                @Override
                public KeyedStateStore globalState() {
                    return current.globalState();
                }

                @Override
                public <X> void output(OutputTag<X> outputTag, X value) {
                    current.output(outputTag, value);
                }
            };
        }

        @Override
        public void process(K key, WindowContext<W> windowContext, Iterable<V> input, Collector<OUT> out) throws Exception {
            current = windowContext;
            function.process(userContext, input, out);
        }

        @Override
        public void clear(K key, WindowContext<W> windowContext) throws Exception {
            current = windowContext;
            function.clear(userContext);
        }

        @Override
        public Object userFunction() {
            return function;
        }
    }
}
