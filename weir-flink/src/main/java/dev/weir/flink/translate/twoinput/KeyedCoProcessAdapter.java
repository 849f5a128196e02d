package dev.weir.flink.translate.twoinput;

import dev.weir.api.OutputTag;
import dev.weir.api.TimeDomain;
import dev.weir.api.TimerService;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.functions.SideOutputTags;
import dev.weir.flink.translate.functions.UserFunctions;
import dev.weir.flink.translate.functions.WeirCollector;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A Weir {@code KeyedCoProcessFunction} as Flink's: holds the plan reference and node id; opens the subtask's copy,
 * whose keyed state and timers are Flink's.
 */
public final class KeyedCoProcessAdapter extends KeyedCoProcessFunction<Object, Object, Object, Object> {

    private static final long serialVersionUID = 1L;

    private final PlanRef ref;
    private final int nodeId;
    private transient dev.weir.api.functions.KeyedCoProcessFunction<Object, Object, Object, Object> function;
    private transient WeirCollector<Object> out;
    private transient WeirContext context;
    private transient WeirOnTimerContext timerContext;

    public KeyedCoProcessAdapter(PlanRef ref, int nodeId) {
        this.ref = ref;
        this.nodeId = nodeId;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        function = UserFunctions.openCopy(ref, nodeId, getRuntimeContext());
        out = new WeirCollector<>();
        SideOutputTags tags = new SideOutputTags(ref);
        context = new WeirContext(function, tags);
        timerContext = new WeirOnTimerContext(function, tags);
    }

    @Override
    public void processElement1(Object value, Context ctx, Collector<Object> collector) throws Exception {
        function.processElement1(value, context.at(ctx), out.to(collector));
    }

    @Override
    public void processElement2(Object value, Context ctx, Collector<Object> collector) throws Exception {
        function.processElement2(value, context.at(ctx), out.to(collector));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Object> collector) throws Exception {
        function.onTimer(timestamp, timerContext.at(ctx), out.to(collector));
    }

    @Override
    public void close() throws Exception {
        if (function != null) {
            UserFunctions.close(function);
        }
    }

    private static final class WeirContext
            extends dev.weir.api.functions.KeyedCoProcessFunction<Object, Object, Object, Object>.Context {
        private final SideOutputTags tags;
        private KeyedCoProcessFunction<Object, Object, Object, Object>.Context flink;
        private TimerService timers;
        private org.apache.flink.streaming.api.TimerService flinkTimers;

        WeirContext(dev.weir.api.functions.KeyedCoProcessFunction<Object, Object, Object, Object> function,
                    SideOutputTags tags) {
            function.super();
            this.tags = tags;
        }

        WeirContext at(KeyedCoProcessFunction<Object, Object, Object, Object>.Context context) {
            flink = context;
            return this;
        }

        @Override
        public Long timestamp() {
            return flink.timestamp();
        }

        @Override
        public TimerService timerService() {
            org.apache.flink.streaming.api.TimerService current = flink.timerService();
            if (current != flinkTimers) {
                flinkTimers = current;
                timers = UserFunctions.timerService(current);
            }
            return timers;
        }

        @Override
        public <X> void output(OutputTag<X> outputTag, X value) {
            flink.output(tags.of(outputTag), value);
        }

        @Override
        public Object getCurrentKey() {
            return flink.getCurrentKey();
        }
    }

    private static final class WeirOnTimerContext
            extends dev.weir.api.functions.KeyedCoProcessFunction<Object, Object, Object, Object>.OnTimerContext {
        private final SideOutputTags tags;
        private KeyedCoProcessFunction<Object, Object, Object, Object>.OnTimerContext flink;
        private TimerService timers;
        private org.apache.flink.streaming.api.TimerService flinkTimers;

        WeirOnTimerContext(dev.weir.api.functions.KeyedCoProcessFunction<Object, Object, Object, Object> function,
                           SideOutputTags tags) {
            function.super();
            this.tags = tags;
        }

        WeirOnTimerContext at(KeyedCoProcessFunction<Object, Object, Object, Object>.OnTimerContext context) {
            flink = context;
            return this;
        }

        @Override
        public Long timestamp() {
            return flink.timestamp();
        }

        @Override
        public TimerService timerService() {
            org.apache.flink.streaming.api.TimerService current = flink.timerService();
            if (current != flinkTimers) {
                flinkTimers = current;
                timers = UserFunctions.timerService(current);
            }
            return timers;
        }

        @Override
        public <X> void output(OutputTag<X> outputTag, X value) {
            flink.output(tags.of(outputTag), value);
        }

        @Override
        public Object getCurrentKey() {
            return flink.getCurrentKey();
        }

        @Override
        public TimeDomain timeDomain() {
            return UserFunctions.timeDomain(flink.timeDomain());
        }
    }
}
