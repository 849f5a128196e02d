package dev.weir.graph;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.Collector;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import java.io.DataInput;
import java.io.DataOutput;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A state type without a serializer is reported when the job is built, before any operator opens. */
class SerializerCheckTest {

    /** Not a record, not registered: no serializer. */
    static final class Opaque {
        final StringBuilder text = new StringBuilder();
    }

    static final class KeepsOpaque extends KeyedProcessFunction<Long, Long, Long> {
        private final ValueStateDescriptor<Opaque> descriptor = new ValueStateDescriptor<>("last-opaque", Opaque.class);
        private final AtomicBoolean opened;
        private transient ValueState<Opaque> last;

        KeepsOpaque(AtomicBoolean opened) {
            this.opened = opened;
        }

        @Override
        public void open(OpenContext openContext) {
            opened.set(true);
            last = getRuntimeContext().getState(descriptor);
        }

        @Override
        public void processElement(Long value, Context context, Collector<Long> out) throws Exception {
            last.update(new Opaque());
            out.collect(value);
        }
    }

    @Test
    void whenAFunctionHoldsADescriptorOfATypeWithoutSerializer_thenTheJobIsRefusedBeforeAnyOperatorOpens() {
        AtomicBoolean opened = new AtomicBoolean();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
        env.fromSequence(1, 10).keyBy(x -> x).process(new KeepsOpaque(opened)).uid("opaque").print();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, env::executeAsync);

        assertTrue(e.getMessage().contains("'opaque'") && e.getMessage().contains("last-opaque")
                && e.getMessage().contains(Opaque.class.getName()), e.getMessage());
        assertTrue(!opened.get(), "nothing started");
    }

    @Test
    void whenTheTypeIsRegistered_thenTheCheckPasses() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1)
                .registerSerializer(Opaque.class, new TypeSerializer<>() {
                    @Override
                    public void serialize(Opaque value, DataOutput out) throws java.io.IOException {
                        out.writeUTF(value.text.toString());
                    }

                    @Override
                    public Opaque deserialize(DataInput in) throws java.io.IOException {
                        Opaque o = new Opaque();
                        o.text.append(in.readUTF());
                        return o;
                    }
                });
        env.fromSequence(1, 10).keyBy(x -> x).process(new KeepsOpaque(new AtomicBoolean())).uid("opaque")
                .sinkTo(value -> { });

        assertDoesNotThrow(() -> env.execute().orThrow());
    }
}
