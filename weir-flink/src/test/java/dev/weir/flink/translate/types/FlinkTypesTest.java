package dev.weir.flink.translate.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.tuple.Tuple2;
import dev.weir.api.typeinfo.ListTypeInfo;
import dev.weir.api.typeinfo.MapTypeInfo;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.typeinfo.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class FlinkTypesTest {

    public record Reading(String sensor, long value) {
    }

    @Test
    void typeCodesReadBackTheWeirTypeTheyWereWrittenFrom() {
        List<TypeInformation<?>> types = List.of(Types.LONG, Types.STRING, TypeInformation.of(Reading.class),
                Types.TUPLE(Types.STRING, Types.LONG), new ListTypeInfo<>(Types.INT),
                new MapTypeInfo<>(Types.STRING, Types.TUPLE(Types.INT, TypeInformation.of(Reading.class))),
                TypeInformation.of(long[].class));
        for (TypeInformation<?> type : types) {
            String code = TypeCodes.encode(type);
            assertEquals(type, TypeCodes.decode(code, getClass().getClassLoader()), code);
        }
        assertEquals(TypeCodes.DYNAMIC, TypeCodes.encode(null));
        assertNull(TypeCodes.decode(TypeCodes.DYNAMIC, getClass().getClassLoader()));
    }

    @Test
    void aFlinkSerializerWritesWithWeirsSerializerAndCopiesDeeply() throws Exception {
        TypeSerializer<Tuple2<String, List<Long>>> serializer = FlinkTypes.<Tuple2<String, List<Long>>>of(
                Types.TUPLE(Types.STRING, new ListTypeInfo<>(Types.LONG))).createSerializer(null);
        Tuple2<String, List<Long>> value = Tuple2.of("a", new ArrayList<>(List.of(1L, 2L)));

        DataOutputSerializer out = new DataOutputSerializer(32);
        serializer.serialize(value, out);
        Tuple2<String, List<Long>> read = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        Tuple2<String, List<Long>> copy = serializer.copy(value);

        assertEquals(value, read);
        assertEquals(value, copy);
        assertNotSame(value.f1, copy.f1);
    }

    @Test
    void aSerializerOfValuesOfAnyTypeWritesEachWithItsKind() throws Exception {
        TypeSerializer<Object> serializer = FlinkTypes.dynamic(null).createSerializer(null);
        for (Object value : List.of(7L, "text", new Reading("s", 3), Map.of("k", 1))) {
            DataOutputSerializer out = new DataOutputSerializer(32);
            serializer.serialize(value, out);
            assertEquals(value, serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())));
        }
    }

    @Test
    void aSerializerSurvivesJavaSerializationForTheJobGraphAndItsSnapshotRestoresIt() throws Exception {
        TypeSerializer<Reading> serializer = FlinkTypes.of(TypeInformation.of(Reading.class)).createSerializer(null);
        TypeSerializer<Reading> shipped = InstantiationUtil.clone(serializer);
        assertEquals(serializer, shipped);

        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<Reading> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        TypeSerializer<Reading> restoredSerializer = restored.restoreSerializer();

        DataOutputSerializer bytes = new DataOutputSerializer(32);
        serializer.serialize(new Reading("s1", 42), bytes);
        assertEquals(new Reading("s1", 42),
                restoredSerializer.deserialize(new DataInputDeserializer(bytes.getCopyOfBuffer())));
        TypeSerializerSchemaCompatibility<Reading> compatibility =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertTrue(compatibility.isCompatibleAsIs());
        TypeSerializerSchemaCompatibility<Reading> changed = FlinkTypes.<Reading>of((TypeInformation) Types.STRING)
                .createSerializer(null).snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertTrue(changed.isIncompatible());
    }

    /** A hand-written Weir serializer, as a state descriptor may give: a named class with a no-argument constructor. */
    public static final class Upper implements dev.weir.api.serialization.TypeSerializer<String> {
        @Override
        public void serialize(String value, java.io.DataOutput out) throws java.io.IOException {
            out.writeUTF(value.toUpperCase());
        }

        @Override
        public String deserialize(java.io.DataInput in) throws java.io.IOException {
            return in.readUTF();
        }
    }

    @Test
    void aStateWithAHandWrittenSerializerIsReadBackOnRestoreWithANewInstanceOfIt() throws Exception {
        var descriptor = new dev.weir.api.state.ValueStateDescriptor<>("name", new Upper());
        TypeSerializer<String> serializer = FlinkTypes.ofState(null, descriptor.getStoredTypes().get(0));
        DataOutputSerializer bytes = new DataOutputSerializer(32);
        serializer.serialize("abc", bytes);

        DataOutputSerializer snapshot = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(snapshot, serializer.snapshotConfiguration());
        TypeSerializer<String> restored = TypeSerializerSnapshot.<String>readVersionedSnapshot(
                new DataInputDeserializer(snapshot.getCopyOfBuffer()), getClass().getClassLoader()).restoreSerializer();

        assertEquals("ABC", restored.deserialize(new DataInputDeserializer(bytes.getCopyOfBuffer())));
    }

    /** What {@link Reading} was in an older version of a job: no value yet. */
    public record ReadingV1(String sensor) {
    }

    @Test
    void stateWrittenWithAnOlderShapeOfARecordIsMigratedOnRestore() throws Exception {
        var registry = dev.weir.state.serialization.Serializers.builtInOnly();
        var oldWeir = registry.forTypeInfo(TypeInformation.of(ReadingV1.class), "test");
        DataOutputSerializer oldBytes = new DataOutputSerializer(32);
        oldWeir.serialize(new ReadingV1("s7"), oldBytes);
        var v1 = (dev.weir.state.serialization.TypeSchema.Composite) dev.weir.state.serialization.TypeSchema.of(oldWeir);
        var oldSchema = new dev.weir.state.serialization.TypeSchema.Composite(Reading.class.getName(), true, v1.fields());
        WeirType type = new WeirType(null, TypeCodes.encode(TypeInformation.of(Reading.class)));
        DataOutputSerializer snapshot = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(snapshot, new WeirTypeSerializerSnapshot<Reading>(type, oldSchema));

        TypeSerializerSnapshot<Reading> old = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(snapshot.getCopyOfBuffer()), getClass().getClassLoader());
        TypeSerializer<Reading> current = new WeirTypeSerializer<>(type);

        assertTrue(current.snapshotConfiguration().resolveSchemaCompatibility(old).isCompatibleAfterMigration());
        assertEquals(new Reading("s7", 0),
                old.restoreSerializer().deserialize(new DataInputDeserializer(oldBytes.getCopyOfBuffer())));
    }
}
