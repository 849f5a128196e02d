package dev.weir.flink.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.api.Collector;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.StateTtlConfig;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.api.typeinfo.Types;
import dev.weir.connector.datagen.DataGeneratorSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateTtlOnFlinkTest {

    /** A slow source; per key, state with a 100 ms time-to-live read at once and again from a timer 400 ms later. */
    public static final class ExpiringState {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.fromSource(new DataGeneratorSource<>(index -> index, 60, RateLimiterStrategy.perSecond(50), Types.LONG),
                            WatermarkStrategy.noWatermarks(), "slow")
                    .keyBy(v -> v % 2)
                    .process(new Expiring())
                    .sinkTo(Outputs.sink(args[0]));
            env.execute("expiring-state");
        }
    }

    static final class Expiring extends KeyedProcessFunction<Long, Long, String> {
        private transient ValueState<Long> shortLived;
        private transient ListState<Long> shortLivedList;
        private transient ValueState<Long> kept;

        @Override
        public void open(OpenContext openContext) {
            StateTtlConfig ttl = StateTtlConfig.newBuilder(Duration.ofMillis(100))
                    .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                    .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                    .build();
            ValueStateDescriptor<Long> value = new ValueStateDescriptor<>("short-lived", Long.class);
            value.enableTimeToLive(ttl);
            ListStateDescriptor<Long> list = new ListStateDescriptor<>("short-lived-list", Long.class);
            list.enableTimeToLive(ttl);
            shortLived = getRuntimeContext().getState(value);
            shortLivedList = getRuntimeContext().getListState(list);
            kept = getRuntimeContext().getState(new ValueStateDescriptor<>("kept", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<String> out) {
            if (kept.value() != null) {
                return;
            }
            kept.update(value);
            shortLived.update(value);
            shortLivedList.add(value);
            out.collect("key " + ctx.getCurrentKey() + " at once: " + shortLived.value() + " " + list());
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 400);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            out.collect("key " + ctx.getCurrentKey() + " later: " + shortLived.value() + " " + list() + " kept "
                    + kept.value());
        }

        private List<Long> list() {
            List<Long> values = new ArrayList<>();
            shortLivedList.get().forEach(values::add);
            return values;
        }
    }

    @Test
    void stateWithTimeToLiveExpiresOnFlinkAsOnTheLocalRuntime() throws Exception {
        FlinkRuns.runLocal(ExpiringState.class, "ttl-local");
        FlinkRuns.runOnFlink(ExpiringState.class, 1, "ttl-flink");

        List<String> expected = List.of("key 0 at once: 0 [0]", "key 0 later: null [] kept 0",
                "key 1 at once: 1 [1]", "key 1 later: null [] kept 1");
        assertEquals(expected, KeyedStateOnFlinkTest.sorted(Outputs.take("ttl-local")));
        assertEquals(expected, KeyedStateOnFlinkTest.sorted(Outputs.take("ttl-flink")));
    }
}
