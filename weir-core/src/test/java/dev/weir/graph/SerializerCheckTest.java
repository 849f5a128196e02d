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
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.api.tuple.Tuple2;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.typeinfo.Types;
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

    /** Looks like a POJO but its field is private without accessors. */
    public static class AlmostPojo {
        private String hidden;
    }

    static final class KeepsByTypeInformation extends KeyedProcessFunction<Long, Long, Long> {
        private final MapStateDescriptor<String, AlmostPojo> descriptor = new MapStateDescriptor<>("by-name",
                Types.STRING, TypeInformation.of(AlmostPojo.class));
        private final ListStateDescriptor<Tuple2<String, Long>> fine = new ListStateDescriptor<>("pairs",
                Types.TUPLE(Types.STRING, Types.LONG));

        @Override
        public void processElement(Long value, Context context, Collector<Long> out) {
            out.collect(value);
        }
    }

    @Test
    void whenAStateTypeIsNoPojo_thenTheJobIsRefusedNamingStateOperatorClassTheReasonAndWhatToDo() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
        env.fromSequence(1, 10).keyBy(x -> x).process(new KeepsByTypeInformation()).uid("by-type").print();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, env::executeAsync);

        String message = e.getMessage();
        assertTrue(message.contains("'by-type'") && message.contains("'by-name'") && message.contains("map value")
                && message.contains(AlmostPojo.class.getName()) && message.contains("field 'hidden'")
                && message.contains("registerSerializer(AlmostPojo.class"), message);
    }

    static final class KeepsWithOwnSerializer extends KeyedProcessFunction<Long, Long, Long> {
        private final ValueStateDescriptor<Opaque> descriptor = new ValueStateDescriptor<>("own", new TypeSerializer<>() {
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
        private transient ValueState<Opaque> last;

        @Override
        public void open(dev.weir.api.functions.OpenContext openContext) {
            last = getRuntimeContext().getState(descriptor);
        }

        @Override
        public void processElement(Long value, Context context, Collector<Long> out) throws Exception {
            last.update(new Opaque());
            out.collect(value);
        }
    }

    @Test
    void whenADescriptorBringsItsOwnSerializer_thenTheCheckPassesAndTheJobRuns() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1);
        env.fromSequence(1, 10).keyBy(x -> x).process(new KeepsWithOwnSerializer()).uid("own").sinkTo(value -> { });

        assertDoesNotThrow(() -> env.execute());
    }
}
