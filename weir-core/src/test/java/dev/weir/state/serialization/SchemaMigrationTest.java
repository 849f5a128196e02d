package dev.weir.state.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.state.HeapKeyedStateBackend;
import dev.weir.state.KeyGroupRange;
import dev.weir.testing.ClassVersions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schemas of state values and reading values of an older schema: two versions of the same classes are
 * compiled from source and loaded by class loaders of their own, as an upgraded job would see them.
 */
class SchemaMigrationTest {
    @TempDir
    Path dir;

    private final Serializers serializers = Serializers.builtInOnly();

    private ClassVersions compile(String version, String... sources) {
        Map<String, String> byName = new java.util.HashMap<>();
        for (String source : sources) {
            String simple = source.replaceAll("(?s).*public (?:record|class|enum) (\\w+).*", "$1");
            byName.put("v." + simple, "package v;\n" + source);
        }
        return ClassVersions.compile(dir.resolve(version), byName);
    }

    private static byte[] write(TypeSerializer<Object> serializer, Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        serializer.serialize(value, new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static Object read(TypeSerializer<Object> serializer, byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        Object value = serializer.deserialize(in);
        assertEquals(0, in.available(), "every byte was read");
        return value;
    }

    private TypeSerializer<Object> serializerOf(Class<?> type) {
        return serializers.forType(type, "the test's state");
    }

    /** The schema as a snapshot stores it: written and read back. */
    private static TypeSchema stored(TypeSerializer<?> serializer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TypeSchema.write(TypeSchema.of(serializer), new DataOutputStream(bytes));
        return TypeSchema.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }

    private TypeSerializer<Object> reader(TypeSerializer<Object> old, TypeSerializer<Object> current) throws IOException {
        return SchemaMigration.reader(stored(old), current, serializers, "enrich", "orders");
    }

    // ---- schemas ----

    public enum Color { RED, GREEN }

    public record Part(String name, int count) {
    }

    public record Everything(int i, Integer boxed, long l, double d, boolean b, char c, byte by, short s, float f,
                             String text, java.math.BigDecimal decimal, java.time.Instant at, byte[] bytes, Color color,
                             List<Part> parts, Map<String, List<Long>> index, dev.weir.api.tuple.Tuple2<String, Long> pair,
                             Object anything) {
    }

    @Test
    void whenASchemaIsWrittenAndRead_thenItIsEqualAndDescribesEveryFieldKind() throws IOException {
        TypeSerializer<Object> serializer = serializerOf(Everything.class);

        TypeSchema schema = stored(serializer);

        assertEquals(TypeSchema.of(serializer), schema);
        TypeSchema.Composite composite = (TypeSchema.Composite) schema;
        assertTrue(composite.record());
        assertEquals(Everything.class.getName(), composite.className());
        assertEquals(new TypeSchema.Field("i", true, new TypeSchema.Basic("java.lang.Integer")), composite.fields().get(0));
        assertEquals(new TypeSchema.Field("boxed", false, new TypeSchema.Basic("java.lang.Integer")),
                composite.fields().get(1));
        assertEquals(new TypeSchema.EnumOf(Color.class.getName()), composite.field("color").type());
        assertEquals(new TypeSchema.ListOf(new TypeSchema.Composite(Part.class.getName(), true, List.of(
                new TypeSchema.Field("name", false, new TypeSchema.Basic("java.lang.String")),
                new TypeSchema.Field("count", true, new TypeSchema.Basic("java.lang.Integer"))))),
                composite.field("parts").type());
        assertEquals("Map<String, List<Long>>", composite.field("index").type().describe());
        assertTrue(composite.field("pair").type() instanceof TypeSchema.TupleOf);
        assertEquals(new TypeSchema.Dynamic(), composite.field("anything").type());
    }

    @Test
    void whenTheSchemaIsUnchanged_thenTheCurrentSerializerReadsAsIs() throws IOException {
        TypeSerializer<Object> serializer = serializerOf(Everything.class);

        assertSame(serializer, reader(serializer, serializer));
        assertTrue(SchemaMigration.isCompatibleAsIs(stored(serializer), serializer));
    }

    // ---- records ----

    @Test
    void whenRecordFieldsAreAddedRemovedAndReboxed_thenOldValuesReadWithDefaultsAndNestedOnesToo() throws Exception {
        ClassVersions v1 = compile("v1",
                "public record Line(String sku, int quantity, String comment) {}",
                "public record Order(long id, String customer, java.util.List<Line> lines, Line first, int retries) {}");
        ClassVersions v2 = compile("v2",
                "public record Line(String sku, Integer quantity, double price) {}",
                "public record Order(long id, java.util.List<Line> lines, Line first, Integer retries, long version, "
                        + "boolean urgent, String channel) {}");
        Class<?> line1 = v1.load("v.Line");
        Object order = ClassVersions.newRecord(v1.load("v.Order"), 7L, "ann",
                List.of(ClassVersions.newRecord(line1, "a", 2, "x"), ClassVersions.newRecord(line1, null, 3, null)),
                null, 4);
        TypeSerializer<Object> old = serializerOf(v1.load("v.Order"));

        Object migrated = read(reader(old, serializerOf(v2.load("v.Order"))), write(old, order));

        assertEquals("Order[id=7, lines=[Line[sku=a, quantity=2, price=0.0], Line[sku=null, quantity=3, price=0.0]], "
                + "first=null, retries=4, version=0, urgent=false, channel=null]", migrated.toString());
        assertSame(v2.load("v.Order"), migrated.getClass());
    }

    @Test
    void whenABoxedFieldHeldNullAndBecomesPrimitive_thenItReadsAsTheDefault() throws Exception {
        ClassVersions v1 = compile("v1", "public record Counter(Long count) {}");
        ClassVersions v2 = compile("v2", "public record Counter(long count) {}");
        TypeSerializer<Object> old = serializerOf(v1.load("v.Counter"));

        Object migrated = read(reader(old, serializerOf(v2.load("v.Counter"))),
                write(old, ClassVersions.newRecord(v1.load("v.Counter"), (Long) null)));

        assertEquals("Counter[count=0]", migrated.toString());
    }

    // ---- POJOs ----

    @Test
    void whenPojoFieldsAreAddedAndRemoved_thenOldValuesReadWithTheConstructorsDefaults() throws Exception {
        String common = "public long count; public java.util.Map<String, Long> perDay; public Inner inner;";
        ClassVersions v1 = compile("v1",
                "public class Inner { public String a; public String b; public Inner() {} }",
                "public class Stats { " + common + " public String last; public Stats() {} }");
        ClassVersions v2 = compile("v2",
                "public class Inner { public String a; public int c = 5; public Inner() {} }",
                "public class Stats { " + common + " public double average = -1; public Stats() {} }");
        Object inner = ClassVersions.newPojo(v1.load("v.Inner"), "a", "A", "b", "B");
        Object stats = ClassVersions.newPojo(v1.load("v.Stats"), "count", 3L, "perDay", Map.of("mon", 1L),
                "inner", inner, "last", "x");
        TypeSerializer<Object> old = serializerOf(v1.load("v.Stats"));

        Object migrated = read(reader(old, serializerOf(v2.load("v.Stats"))), write(old, stats));

        assertEquals("Stats{average=-1.0, count=3, inner=" + migrated.getClass().getField("inner").get(migrated)
                + ", perDay={mon=1}}", ClassVersions.describePojo(migrated));
        assertEquals("Inner{a=A, c=5}", ClassVersions.describePojo(migrated.getClass().getField("inner").get(migrated)));
    }

    @Test
    void whenARecordBecomesAPojoOfTheSameName_thenItsValuesAreReadByFieldName() throws Exception {
        ClassVersions v1 = compile("v1", "public record Point(int x, int y) {}");
        ClassVersions v2 = compile("v2", "public class Point { public int x; public int y; public int z; public Point() {} }");
        TypeSerializer<Object> old = serializerOf(v1.load("v.Point"));

        Object migrated = read(reader(old, serializerOf(v2.load("v.Point"))),
                write(old, ClassVersions.newRecord(v1.load("v.Point"), 1, 2)));

        assertEquals("Point{x=1, y=2, z=0}", ClassVersions.describePojo(migrated));
    }

    @Test
    void whenMapValuesOfAStateEvolve_thenTheMapIsReadWithMigratedValues() throws Exception {
        ClassVersions v1 = compile("v1", "public record Visit(String page, long at) {}");
        ClassVersions v2 = compile("v2", "public record Visit(String page, String referrer) {}");
        TypeSerializer<Object> old = cast(Serializers.mapOf(serializerOf(String.class), serializerOf(v1.load("v.Visit"))));
        TypeSerializer<Object> current = cast(Serializers.mapOf(serializerOf(String.class), serializerOf(v2.load("v.Visit"))));

        Object migrated = read(reader(old, current),
                write(old, Map.of("k", ClassVersions.newRecord(v1.load("v.Visit"), "/home", 5L))));

        assertEquals("{k=Visit[page=/home, referrer=null]}", migrated.toString());
        assertSame(SchemaMigration.mapKeys(current), SchemaMigration.mapKeys(reader(old, current)),
                "the keys' schema did not change: they are read as they are");
    }

    @Test
    void whenAMapKeyClassGainsAFieldItMigratesButWhenItLosesOneTheRestoreFails() throws Exception {
        ClassVersions v1 = compile("v1", "public record Sku(String code, String color) {}");
        ClassVersions gained = compile("gained", "public record Sku(String code, String color, int size) {}");
        ClassVersions lost = compile("lost", "public record Sku(String code) {}");
        TypeSerializer<Object> old = cast(Serializers.mapOf(serializerOf(v1.load("v.Sku")), serializerOf(Long.class)));
        Object map = Map.of(ClassVersions.newRecord(v1.load("v.Sku"), "a", "red"), 1L);

        Object migrated = read(reader(old, cast(Serializers.mapOf(serializerOf(gained.load("v.Sku")),
                serializerOf(Long.class)))), write(old, map));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> reader(old,
                cast(Serializers.mapOf(serializerOf(lost.load("v.Sku")), serializerOf(Long.class)))));

        assertEquals("{Sku[code=a, color=red, size=0]=1}", migrated.toString());
        assertTrue(e.getMessage().contains("field 'color' was removed from record v.Sku, a type of map keys: two keys "
                + "that differed only in it would become one") && e.getMessage().contains("operator 'enrich'"),
                e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static TypeSerializer<Object> cast(TypeSerializer<?> serializer) {
        return (TypeSerializer<Object>) serializer;
    }

    // ---- refusals ----

    @Test
    void whenAFieldChangesType_thenTheRestoreFailsNamingOperatorStateFieldAndBothTypes() throws Exception {
        ClassVersions v1 = compile("v1", "public record Address(String city, String zip) {}",
                "public record Customer(String name, Address address) {}");
        ClassVersions v2 = compile("v2", "public record Address(String city, long zip) {}",
                "public record Customer(String name, Address address) {}");
        TypeSerializer<Object> old = serializerOf(v1.load("v.Customer"));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> reader(old, serializerOf(v2.load("v.Customer"))));

        assertEquals("cannot restore keyed state 'orders' of operator 'enrich': field 'address.zip' of record v.Address "
                + "was String in the checkpoint and is long now. Weir does not convert a field's values to another type: "
                + "give the field its old type back, or give the changed field a new name (the old values are then "
                + "dropped and the new field starts at its default), or give the state a new name to start it empty",
                e.getMessage());
    }

    @Test
    void whenAFieldsClassWasRenamed_thenTheRestoreFailsNamingBothClassesAndThatTheOldOneIsGone() throws Exception {
        ClassVersions v1 = compile("v1", "public record Address(String city) {}",
                "public record Customer(String name, Address address) {}");
        ClassVersions v2 = compile("v2", "public record Location(String city) {}",
                "public record Customer(String name, Location address) {}");
        TypeSerializer<Object> old = serializerOf(v1.load("v.Customer"));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> reader(old, serializerOf(v2.load("v.Customer"))));

        assertTrue(e.getMessage().startsWith("cannot restore keyed state 'orders' of operator 'enrich': field 'address' "
                + "was written as record v.Address and is now record v.Location (class v.Address is not on the class "
                + "path: was it renamed or moved?)"), e.getMessage());
        assertTrue(e.getMessage().contains("restore with the class under its old name"), e.getMessage());
    }

    @Test
    void whenARemovedFieldWasWrittenByAHandWrittenSerializer_thenTheRestoreFailsSayingItCannotBeSkipped() {
        TypeSchema old = new TypeSchema.Composite("v.Holder", true, List.of(
                new TypeSchema.Field("secret", false, new TypeSchema.Custom("com.example.SecretSerializer"))));
        ClassVersions v2 = compile("v2", "public record Holder(String name) {}");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SchemaMigration.reader(old,
                serializerOf(v2.load("v.Holder")), serializers, "enrich", "orders"));

        assertTrue(e.getMessage().contains("removed field 'secret'") && e.getMessage().contains("SecretSerializer"),
                e.getMessage());
    }

    @Test
    void whenARestoredStatesClassIsNoLongerARecordOrPojo_thenRegisteringItFailsNamingOperatorStateAndOldType()
            throws Exception {
        ClassVersions v1 = compile("v1", "public record Session(String user, long start) {}");
        ClassVersions v2 = compile("v2", "public class Session { private final String user; "
                + "public Session(String user) { this.user = user; } }");
        KeyGroupRange all = KeyGroupRange.forSubtask(128, 1, 0);
        HeapKeyedStateBackend before = new HeapKeyedStateBackend("sessions", all, 128, Serializers.builtInOnly());
        ValueState<Object> state = before.getState(new ValueStateDescriptor<>("open", v1.load("v.Session")));
        before.setCurrentKey("u1");
        state.update(ClassVersions.newRecord(v1.load("v.Session"), "u1", 5L));
        Path file = dir.resolve("keyed");
        before.snapshot().writeTo(file);

        HeapKeyedStateBackend after = new HeapKeyedStateBackend("sessions", all, 128, Serializers.builtInOnly());
        after.restoreFiles(List.of(file));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> after.getState(new ValueStateDescriptor<>("open", v2.load("v.Session"))));

        assertTrue(e.getMessage().startsWith("cannot restore keyed state 'open' of operator 'sessions': the checkpoint "
                + "holds its values as record v.Session, but its current type cannot be written: no serializer for type "
                + "v.Session"), e.getMessage());
        assertTrue(e.getMessage().contains("Restore with the classes as they were"), e.getMessage());
    }

    @Test
    void whenAHeapStateIsRestoredWithAnEvolvedRecord_thenItsValuesAreMigratedAndTheNextSnapshotHasTheNewSchema()
            throws Exception {
        ClassVersions v1 = compile("v1", "public record Session(String user, long start, String device) {}");
        ClassVersions v2 = compile("v2", "public record Session(String user, long start, int clicks) {}");
        KeyGroupRange all = KeyGroupRange.forSubtask(128, 1, 0);
        HeapKeyedStateBackend before = new HeapKeyedStateBackend("sessions", all, 128, Serializers.builtInOnly());
        ValueState<Object> state = before.getState(new ValueStateDescriptor<>("open", v1.load("v.Session")));
        for (int user = 0; user < 50; user++) {
            before.setCurrentKey("u" + user);
            state.update(ClassVersions.newRecord(v1.load("v.Session"), "u" + user, (long) user, "phone"));
        }
        Path first = dir.resolve("first");
        before.snapshot().writeTo(first);

        HeapKeyedStateBackend after = new HeapKeyedStateBackend("sessions", all, 128, Serializers.builtInOnly());
        after.restoreFiles(List.of(first));
        ValueState<Object> evolved = after.getState(new ValueStateDescriptor<>("open", v2.load("v.Session")));
        for (int user = 0; user < 50; user++) {
            after.setCurrentKey("u" + user);
            assertEquals("Session[user=u" + user + ", start=" + user + ", clicks=0]", String.valueOf(evolved.value()));
        }
        Path second = dir.resolve("second");
        after.snapshot().writeTo(second);

        HeapKeyedStateBackend again = new HeapKeyedStateBackend("sessions", all, 128, Serializers.builtInOnly());
        again.restoreFiles(List.of(second));
        ValueState<Object> same = again.getState(new ValueStateDescriptor<>("open", v2.load("v.Session")));
        again.setCurrentKey("u7");
        assertEquals("Session[user=u7, start=7, clicks=0]", String.valueOf(same.value()));
    }

    @Test
    void whenAStateIsNeverRegisteredAfterARestore_thenItIsCarriedWithItsOldSchemaAndMigratesLater() throws Exception {
        ClassVersions v1 = compile("v1", "public record Tag(String name, String color) {}");
        ClassVersions v2 = compile("v2", "public record Tag(String name) {}");
        KeyGroupRange all = KeyGroupRange.forSubtask(128, 1, 0);
        HeapKeyedStateBackend before = new HeapKeyedStateBackend("tags", all, 128, Serializers.builtInOnly());
        ValueState<Object> state = before.getState(new ValueStateDescriptor<>("tag", v1.load("v.Tag")));
        before.setCurrentKey(1L);
        state.update(ClassVersions.newRecord(v1.load("v.Tag"), "t", "red"));
        Path first = dir.resolve("first");
        before.snapshot().writeTo(first);
        HeapKeyedStateBackend carrier = new HeapKeyedStateBackend("tags", all, 128, Serializers.builtInOnly());
        carrier.restoreFiles(List.of(first));
        Path second = dir.resolve("second");
        carrier.snapshot().writeTo(second); // "tag" not registered: its bytes and schema are carried

        HeapKeyedStateBackend after = new HeapKeyedStateBackend("tags", all, 128, Serializers.builtInOnly());
        after.restoreFiles(List.of(second));
        ValueState<Object> evolved = after.getState(new ValueStateDescriptor<>("tag", v2.load("v.Tag")));
        after.setCurrentKey(1L);

        assertEquals("Tag[name=t]", String.valueOf(evolved.value()));
    }
}
