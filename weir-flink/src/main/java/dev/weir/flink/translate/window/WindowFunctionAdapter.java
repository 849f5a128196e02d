package dev.weir.flink.translate.window;

import dev.weir.api.OutputTag;
import dev.weir.api.dag.Transformation;
import dev.weir.api.functions.Function;
import dev.weir.api.functions.windowing.AllWindowFunction;
import dev.weir.api.functions.windowing.ProcessAllWindowFunction;
import dev.weir.api.functions.windowing.ProcessWindowFunction;
import dev.weir.api.functions.windowing.WindowFunction;
import dev.weir.api.state.KeyedStateStore;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.Plans;
import dev.weir.flink.translate.TranslationException;
import dev.weir.flink.translate.bridge.SideOutputTags;
import dev.weir.flink.translate.bridge.WeirCollector;
import dev.weir.flink.translate.bridge.DelegatesToWeir;
import dev.weir.flink.translate.bridge.WeirFunction;
import dev.weir.flink.translate.bridge.WeirKeyedStateStore;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.windowing.windows.Window;
import org.apache.flink.util.Collector;

/**
 * A Weir window operator's window function — {@code ProcessWindowFunction}, {@code WindowFunction},
 * {@code ProcessAllWindowFunction}, {@code AllWindowFunction}, or none (the pre-aggregated value passes on) — run as
 * Flink's {@code ProcessWindowFunction}. Holds only the plan reference, node id and window kind; {@link #open} takes
 * the subtask's copy of the Weir function from the plan rebuilt in the TaskManager and runs its lifecycle. The Weir
 * function sees Weir windows, Weir state stores over Flink's window and global state, and Weir side output tags.
 */
public final class WindowFunctionAdapter
        extends org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction<Object, Object, Object, Window>
        implements DelegatesToWeir {

    private static final long serialVersionUID = 1L;

    /** The kinds of Weir window functions. */
    enum Kind {
        PROCESS, APPLY, PROCESS_ALL, APPLY_ALL, PASS_THROUGH;

        static Kind of(Function function, Transformation node) {
            if (function == null) {
                return PASS_THROUGH;
            }
            if (function instanceof ProcessWindowFunction<?, ?, ?, ?>) {
                return PROCESS;
            }
            if (function instanceof WindowFunction<?, ?, ?, ?>) {
                return APPLY;
            }
            if (function instanceof ProcessAllWindowFunction<?, ?, ?>) {
                return PROCESS_ALL;
            }
            if (function instanceof AllWindowFunction<?, ?, ?>) {
                return APPLY_ALL;
            }
            throw new TranslationException(node, "its window function " + function.getClass().getName() + " is none of "
                    + "ProcessWindowFunction, WindowFunction, ProcessAllWindowFunction, AllWindowFunction");
        }
    }

    private final PlanRef ref;
    private final int nodeId;
    private final WindowKind windowKind;
    private transient Kind kind;
    private transient Function function;
    private transient WeirFunction<Function> weir;
    private transient WeirCollector<Object> out;
    private transient Contexts contexts;

    public WindowFunctionAdapter(PlanRef ref, int nodeId, WindowKind windowKind) {
        this.ref = ref;
        this.nodeId = nodeId;
        this.windowKind = windowKind;
    }

    /** The Weir function's lifecycle, or null for a pass-through (no window function). */
    @Override
    public WeirFunction<Function> weir() {
        if (weir == null && WindowedNode.windowed(ref, nodeId).windowFunction() != null) {
            weir = WeirFunction.of(ref, nodeId, getRuntimeContext());
        }
        return weir;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void open(OpenContext openContext) throws Exception {
        Transformation node = Plans.node(ref, nodeId);
        kind = Kind.of(WindowedNode.windowed(ref, nodeId).windowFunction(), node);
        out = new WeirCollector<>();
        if (weir() != null) {
            function = weir.open();
            SideOutputTags tags = new SideOutputTags(ref);
            if (function instanceof ProcessWindowFunction process) {
                contexts = new Contexts(new ProcessContext(process, windowKind, tags, ref), null);
            } else if (function instanceof ProcessAllWindowFunction processAll) {
                contexts = new Contexts(null, new ProcessAllContext(processAll, windowKind, tags, ref));
            }
        }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void process(Object key, Context context, Iterable<Object> elements, Collector<Object> collector)
            throws Exception {
        WeirCollector<Object> weirOut = out.over(collector);
        switch (kind) {
            case PASS_THROUGH -> {
                for (Object value : elements) {
                    collector.collect(value);
                }
            }
            case PROCESS -> ((ProcessWindowFunction) function).process(key, contexts.process.at(context), elements, weirOut);
            case APPLY -> ((WindowFunction) function).apply(key, windowKind.toWeir(context.window()), elements, weirOut);
            case PROCESS_ALL -> ((ProcessAllWindowFunction) function).process(contexts.processAll.at(context), elements,
                    weirOut);
            case APPLY_ALL -> ((AllWindowFunction) function).apply(windowKind.toWeir(context.window()), elements, weirOut);
        }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void clear(Context context) throws Exception {
        if (kind == Kind.PROCESS) {
            ((ProcessWindowFunction) function).clear(contexts.process.at(context));
        } else if (kind == Kind.PROCESS_ALL) {
            ((ProcessAllWindowFunction) function).clear(contexts.processAll.at(context));
        }
    }

    @Override
    public void close() throws Exception {
        WeirFunction.closeIfMade(weir);
    }

    private record Contexts(ProcessContext process, ProcessAllContext processAll) {
    }

    /** Weir's context of a {@code ProcessWindowFunction} over Flink's, re-aimed at each call's Flink context. */
    private static final class ProcessContext
            extends ProcessWindowFunction<Object, Object, Object, dev.weir.api.windowing.windows.Window>.Context {
        private final WindowKind windowKind;
        private final SideOutputTags tags;
        private final PlanRef ref;
        private org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction<Object, Object, Object, Window>.Context flink;
        private dev.weir.api.windowing.windows.Window window;

        ProcessContext(ProcessWindowFunction<Object, Object, Object, dev.weir.api.windowing.windows.Window> function, WindowKind windowKind, SideOutputTags tags, PlanRef ref) {
            function.super();
            this.ref = ref;
            this.windowKind = windowKind;
            this.tags = tags;
        }

        ProcessContext at(org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction<Object, Object, Object, Window>.Context context) {
            flink = context;
            window = null;
            return this;
        }

        @Override
        public dev.weir.api.windowing.windows.Window window() {
            if (window == null) {
                window = windowKind.toWeir(flink.window());
            }
            return window;
        }

        @Override
        public long currentProcessingTime() {
            return flink.currentProcessingTime();
        }

        @Override
        public long currentWatermark() {
            return flink.currentWatermark();
        }

        @Override
        public KeyedStateStore windowState() {
            return WeirKeyedStateStore.of(ref, flink.windowState());
        }

        @Override
        public KeyedStateStore globalState() {
            return WeirKeyedStateStore.of(ref, flink.globalState());
        }

        @Override
        public <X> void output(OutputTag<X> outputTag, X value) {
            flink.output(tags.of(outputTag), value);
        }
    }

    /** Weir's context of a {@code ProcessAllWindowFunction} over Flink's window context. */
    private static final class ProcessAllContext
            extends ProcessAllWindowFunction<Object, Object, dev.weir.api.windowing.windows.Window>.Context {
        private final WindowKind windowKind;
        private final SideOutputTags tags;
        private final PlanRef ref;
        private org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction<Object, Object, Object, Window>.Context flink;
        private dev.weir.api.windowing.windows.Window window;

        ProcessAllContext(ProcessAllWindowFunction<Object, Object, dev.weir.api.windowing.windows.Window> function, WindowKind windowKind, SideOutputTags tags, PlanRef ref) {
            function.super();
            this.ref = ref;
            this.windowKind = windowKind;
            this.tags = tags;
        }

        ProcessAllContext at(org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction<Object, Object, Object, Window>.Context context) {
            flink = context;
            window = null;
            return this;
        }

        @Override
        public dev.weir.api.windowing.windows.Window window() {
            if (window == null) {
                window = windowKind.toWeir(flink.window());
            }
            return window;
        }

        @Override
        public KeyedStateStore windowState() {
            return WeirKeyedStateStore.of(ref, flink.windowState());
        }

        @Override
        public KeyedStateStore globalState() {
            return WeirKeyedStateStore.of(ref, flink.globalState());
        }

        @Override
        public <X> void output(OutputTag<X> outputTag, X value) {
            flink.output(tags.of(outputTag), value);
        }
    }
}
