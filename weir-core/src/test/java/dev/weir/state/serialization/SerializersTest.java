package dev.weir.state.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.serialization.TypeSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Serializers of state values: built-ins, records, generics, run-time typed values, user-registered. */
class SerializersTest {

    enum Color { RED, GREEN, BLUE }

    record Inner(String text, Integer boxed, int primitive) {
    }

    record Outer(long id, Inner inner, String name, Color color, List<Inner> inners, Map<String, List<Long>> index,
                 byte[] payload) {
    }

    record Generic(List<List<String>> nested, Map<String, Map<Integer, Color>> deep, List<Object> anything,
                   Map<Object, Object> dynamicMap) {
    }

    record Holder(Object value) {
    }

    /** Two forms of one checkpointed type, as a sink keeps an older form readable. */
    sealed interface Form permits OldForm, NewForm {
    }

    record OldForm(String name) implements Form {
    }

    record NewForm(String name, byte version) implements Form {
    }

    @Test
    void whenATypeIsASealedInterfaceOfRecords_thenEachValueIsReadBackAsItsOwnRecord() throws IOException {
        Serializers builtIn = Serializers.builtInOnly();
        assertEquals(new OldForm("a"), roundTrip(builtIn, Form.class, new OldForm("a")));
        assertEquals(new NewForm("b", (byte) 2), roundTrip(builtIn, Form.class, new NewForm("b", (byte) 2)));
    }

    /** Not a record and not an enum: no built-in serializer. */
    static final class Plain {
        final int x;

        Plain(int x) {
            this.x = x;
        }
    }

    record HasPlain(String name, Plain plain) {
    }

    /** A class whose initialisation would be observable. */
    static final class NotToBeInitialised {
        static {
            initialised = true;
        }
    }

    static volatile boolean initialised;

    /** A user type with its own serializer (money as cents). */
    static final class Money {
        final long cents;

        Money(long cents) {
            this.cents = cents;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Money m && m.cents == cents;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(cents);
        }
    }

    record Wallet(String owner, Money money) {
    }

    static final class MoneySerializer implements TypeSerializer<Money> {
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public void serialize(Money value, DataOutput out) throws IOException {
            writes.incrementAndGet();
            out.writeInt(0xCAFE);
            out.writeLong(value.cents);
        }

        @Override
        public Money deserialize(java.io.DataInput in) throws IOException {
            if (in.readInt() != 0xCAFE) {
                throw new IOException("not written by MoneySerializer");
            }
            return new Money(in.readLong());
        }
    }

    private static <T> byte[] bytesOf(TypeSerializer<T> serializer, T value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        serializer.serialize(value, out);
        out.flush();
        return bytes.toByteArray();
    }

    private static <T> T read(TypeSerializer<T> serializer, byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        T value = serializer.deserialize(in);
        assertEquals(-1, in.read(), "the serializer left bytes unread");
        return value;
    }

    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        return read(serializer, bytesOf(serializer, value));
    }

    private static <T> T roundTrip(Serializers serializers, Type type, T value) throws IOException {
        return roundTrip(serializers.<T>forType(type, "test value"), value);
    }

    private static Type typeOfComponent(Class<?> record, String component) {
        return Arrays.stream(record.getRecordComponents()).filter(c -> c.getName().equals(component)).findFirst()
                .orElseThrow().getGenericType();
    }

    private final Serializers builtIn = Serializers.builtInOnly();

    // ---- primitives, String, byte[], enums ----

    @Test
    void whenPrimitivesAndTheirBoxesRoundTrip_thenEveryValueIncludingExtremesComesBackEqual() throws IOException {
        Map<Class<?>, List<Object>> samples = new LinkedHashMap<>();
        samples.put(Long.class, List.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE));
        samples.put(Integer.class, List.of(0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE));
        samples.put(Short.class, List.of((short) 0, Short.MIN_VALUE, Short.MAX_VALUE));
        samples.put(Byte.class, List.of((byte) 0, Byte.MIN_VALUE, Byte.MAX_VALUE));
        samples.put(Double.class, List.of(0.0, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 1e300));
        samples.put(Float.class, List.of(0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.MAX_VALUE));
        samples.put(Boolean.class, List.of(true, false));
        samples.put(Character.class, List.of('a', '\0', '\uFFFF', 'ß'));
        Map<Class<?>, Class<?>> primitiveOf = Map.of(Long.class, long.class, Integer.class, int.class,
                Short.class, short.class, Byte.class, byte.class, Double.class, double.class, Float.class, float.class,
                Boolean.class, boolean.class, Character.class, char.class);

        for (Map.Entry<Class<?>, List<Object>> entry : samples.entrySet()) {
            for (Object value : entry.getValue()) {
                assertEquals(value, roundTrip(builtIn, entry.getKey(), value), entry.getKey() + " " + value);
                assertEquals(value, roundTrip(builtIn, primitiveOf.get(entry.getKey()), value), "primitive " + value);
                Object dynamic = roundTrip(builtIn.dynamic(), value);
                assertEquals(value, dynamic, "dynamic " + value);
                assertSame(value.getClass(), dynamic.getClass(), "dynamic keeps the run-time type of " + value);
            }
        }
    }

    @Test
    void whenStringsAreEmptyNonAsciiOrLongerThan64KiB_thenTheyRoundTripExactly() throws IOException {
        String big = "é日😀x".repeat(40_000); // ~400 KB of UTF-8, far beyond writeUTF's 64 KiB limit
        List<String> samples = List.of("", "plain", "ü ñ 日本語 😀 \u0000 \uFFFD", big);

        for (String s : samples) {
            assertEquals(s, roundTrip(builtIn, String.class, s));
            assertEquals(s, roundTrip(builtIn.dynamic(), (Object) s));
        }
        assertTrue(bytesOf(builtIn.forType(String.class, "s"), big).length > 64 * 1024);
    }

    @Test
    void whenByteArraysRoundTrip_thenTheContentIsEqual() throws IOException {
        byte[] big = new byte[200_000];
        new java.util.Random(7).nextBytes(big);
        for (byte[] bytes : List.of(new byte[0], new byte[] {-128, 0, 127}, big)) {
            assertArrayEquals(bytes, roundTrip(builtIn, byte[].class, bytes));
            assertArrayEquals(bytes, (byte[]) roundTrip(builtIn.dynamic(), (Object) bytes));
        }
    }

    @Test
    void whenEnumsRoundTrip_thenTheSameConstantComesBack() throws IOException {
        for (Color color : Color.values()) {
            assertSame(color, roundTrip(builtIn, Color.class, color));
            assertSame(color, roundTrip(builtIn.dynamic(), (Object) color));
        }
    }

    @Test
    void whenAnEnumConstantNoLongerExists_thenReadingFailsNamingTheEnumAndConstant() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Serializers.writeString("PURPLE", new DataOutputStream(bytes));

        IOException e = assertThrows(IOException.class,
                () -> read(builtIn.forType(Color.class, "c"), bytes.toByteArray()));

        assertTrue(e.getMessage().contains(Color.class.getName()) && e.getMessage().contains("PURPLE"),
                e.getMessage());
    }

    // ---- records and generic collections ----

    @Test
    void whenNestedRecordsHoldNullsListsAndMaps_thenTheyRoundTripEqual() throws IOException {
        List<Inner> inners = new ArrayList<>(Arrays.asList(new Inner("a", 1, 2), null, new Inner(null, null, -3)));
        Map<String, List<Long>> index = new HashMap<>();
        index.put("evens", List.of(0L, 2L, 4L));
        index.put("none", null);
        index.put("empty", List.of());
        Outer full = new Outer(42, new Inner("x", null, 7), "näme", Color.GREEN, inners, index, null);
        Outer empty = new Outer(0, null, null, null, null, null, null);

        for (Outer value : List.of(full, empty)) {
            Outer back = roundTrip(builtIn, Outer.class, value);
            assertEquals(value, back);
        }
        Outer withPayload = new Outer(1, null, null, Color.RED, List.of(), Map.of(), new byte[] {9, 8});
        assertArrayEquals(new byte[] {9, 8}, roundTrip(builtIn, Outer.class, withPayload).payload());
    }

    @Test
    void whenRecordFieldsHaveNestedGenericTypes_thenElementsKeepTheirDeclaredTypes() throws IOException {
        Map<String, Map<Integer, Color>> deep = new LinkedHashMap<>();
        deep.put("one", Map.of(1, Color.RED, 2, Color.BLUE));
        deep.put("two", Map.of());
        Map<Object, Object> dynamicMap = new LinkedHashMap<>();
        dynamicMap.put(1L, "long key");
        dynamicMap.put("s", List.of(1, 2));
        dynamicMap.put(Color.BLUE, new Inner("r", 5, 6));
        Generic value = new Generic(List.of(List.of("a", "b"), List.of()), deep,
                new ArrayList<>(Arrays.asList(1, 2L, "three", null, Color.GREEN, new Inner("i", null, 0))), dynamicMap);

        Generic back = roundTrip(builtIn, Generic.class, value);

        assertEquals(value, back);
        assertInstanceOf(Integer.class, back.deep().get("one").keySet().iterator().next());
        assertInstanceOf(Integer.class, back.anything().get(0));
        assertInstanceOf(Long.class, back.anything().get(1));
        assertEquals(List.of(List.of("a", "b"), List.of()),
                roundTrip(builtIn, typeOfComponent(Generic.class, "nested"), value.nested()));
    }

    @Test
    void whenListAndMapSerializersAreAskedForByElementType_thenTheyRoundTrip() throws IOException {
        TypeSerializer<List<Inner>> list = Serializers.listOf(builtIn.<Inner>forType(Inner.class, "list"));
        TypeSerializer<Map<String, Color>> map = Serializers.mapOf(builtIn.<String>forType(String.class, "map"), builtIn.<Color>forType(Color.class, "map"));
        List<Inner> inners = Arrays.asList(new Inner("a", 1, 1), null);
        Map<String, Color> colors = new LinkedHashMap<>();
        colors.put("sky", Color.BLUE);
        colors.put("unknown", null);

        assertEquals(inners, roundTrip(list, inners));
        assertEquals(colors, roundTrip(map, colors));
    }

    @Test
    void whenObjectTypedValuesOfManyRunTimeTypesRoundTrip_thenEachComesBackWithItsType() throws IOException {
        List<Object> values = List.of(5L, 5, (short) 5, (byte) 5, 5.0, 5f, 'c', true, "five", Color.RED,
                new Inner("in", 1, 2), new Outer(1, null, "o", Color.BLUE, List.of(), Map.of(), null),
                List.of(1L, "mixed", List.of(Color.GREEN)), Map.of("k", 1, "j", List.of()));

        for (Object value : values) {
            Holder back = roundTrip(builtIn, Holder.class, new Holder(value));
            assertEquals(value, back.value(), "value " + value);
            if (!(value instanceof List) && !(value instanceof Map)) {
                assertSame(value.getClass(), back.value().getClass(), "type of " + value);
            }
        }
        assertNull(roundTrip(builtIn, Holder.class, new Holder(null)).value());
    }

    // ---- registered serializers ----

    @Test
    void whenAUserSerializerIsRegistered_thenItIsUsedForTheTypeInsideRecordsAndAsObjectValue() throws IOException {
        MoneySerializer moneySerializer = new MoneySerializer();
        Serializers serializers = new Serializers(Map.of(Money.class, moneySerializer));

        assertEquals(new Money(1234), roundTrip(serializers, Money.class, new Money(1234)));
        assertEquals(new Wallet("ann", new Money(-5)), roundTrip(serializers, Wallet.class,
                new Wallet("ann", new Money(-5))));
        assertEquals(new Money(99), roundTrip(serializers.dynamic(), (Object) new Money(99)));
        assertEquals(3, moneySerializer.writes.get());
        byte[] bytes = bytesOf(serializers.forType(Money.class, "m"), new Money(1));
        assertEquals(12, bytes.length, "exactly the user's format: int marker and long");
    }

    @Test
    void whenAUserSerializerIsRegisteredForABuiltInType_thenItTakesPrecedence() throws IOException {
        TypeSerializer<String> upper = new TypeSerializer<>() {
            @Override
            public void serialize(String value, DataOutput out) throws IOException {
                out.writeUTF(value.toUpperCase());
            }

            @Override
            public String deserialize(java.io.DataInput in) throws IOException {
                return in.readUTF();
            }
        };
        Serializers serializers = new Serializers(Map.of(String.class, upper));

        assertEquals("SHOUT", roundTrip(serializers, String.class, "shout"));
        assertEquals(new Inner("LOUD", 1, 1), roundTrip(serializers, Inner.class, new Inner("loud", 1, 1)));
    }

    // ---- what is refused ----

    @Test
    void whenATypeHasNoSerializer_thenTheErrorNamesItAndSaysToRegisterOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builtIn.forType(Plain.class, "keyed state 'p'"));

        assertTrue(e.getMessage().contains(Plain.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("registerSerializer"), e.getMessage());
        assertTrue(e.getMessage().contains("keyed state 'p'"), e.getMessage());
    }

    @Test
    void whenARecordComponentHasNoSerializer_thenTheErrorNamesTheComponentAndTheType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builtIn.forType(HasPlain.class, "value state 'v'"));

        assertTrue(e.getMessage().contains(Plain.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("plain"), e.getMessage());
        assertTrue(e.getMessage().contains("registerSerializer"), e.getMessage());
    }

    @Test
    void whenAnObjectValueHasNoSerializer_thenWritingFailsNamingItsType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bytesOf(builtIn.dynamic(), new Plain(1)));

        assertTrue(e.getMessage().contains(Plain.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("registerSerializer"), e.getMessage());
    }

    /** Bytes of a run-time typed value that claim to be of class {@code className}. */
    private static byte[] namedClassBytes(String className) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(13); // the tag of a value written with its class name
        Serializers.writeString(className, out);
        out.writeInt(0);
        return bytes.toByteArray();
    }

    @Test
    void whenCraftedBytesNameAClassThatIsNoRecordEnumOrRegisteredType_thenReadingIsRefused() throws IOException {
        for (String className : List.of("java.lang.ProcessBuilder", "java.io.File", "java.util.ArrayList",
                Plain.class.getName())) {
            IOException e = assertThrows(IOException.class,
                    () -> read(builtIn.dynamic(), namedClassBytes(className)), className);
            assertTrue(e.getMessage().contains(className) && e.getMessage().contains("refusing"), e.getMessage());
        }
    }

    @Test
    void whenCraftedBytesNameAClass_thenTheClassIsNotInitialisedBeforeBeingRefused() throws IOException {
        String className = NotToBeInitialised.class.getName();

        assertThrows(IOException.class, () -> read(builtIn.dynamic(), namedClassBytes(className)));

        assertFalse(initialised, "reading state must not run static initialisers of named classes");
    }

    @Test
    void whenCraftedBytesNameAClassThatDoesNotExist_thenReadingFailsNamingIt() {
        IOException e = assertThrows(IOException.class,
                () -> read(builtIn.dynamic(), namedClassBytes("com.example.Gone")));

        assertTrue(e.getMessage().contains("com.example.Gone"), e.getMessage());
    }

    @Test
    void whenARegisteredClassIsNamed_thenItIsReadWithItsSerializer() throws IOException {
        Serializers serializers = new Serializers(Map.of(Money.class, new MoneySerializer()));
        byte[] bytes = bytesOf(serializers.dynamic(), (Object) new Money(7));

        assertEquals(new Money(7), read(serializers.dynamic(), bytes));
        IOException e = assertThrows(IOException.class, () -> read(builtIn.dynamic(), bytes),
                "without the registration the same bytes are refused");
        assertTrue(e.getMessage().contains(Money.class.getName()), e.getMessage());
    }

    @Test
    void whenBytesHaveAnUnknownTagOrAnAbsurdLength_thenReadingFailsWithAnIOException() {
        IOException tag = assertThrows(IOException.class, () -> read(builtIn.dynamic(), new byte[] {99}));
        assertTrue(tag.getMessage().contains("99"), tag.getMessage());

        byte[] hugeLength = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        IOException length = assertThrows(IOException.class,
                () -> read(builtIn.forType(String.class, "s"), hugeLength));
        assertTrue(length.getMessage().contains("length"), length.getMessage());
        assertThrows(IOException.class, () -> read(builtIn.forType(byte[].class, "b"), hugeLength));
        assertThrows(IOException.class, () -> read(Serializers.listOf(builtIn.<Long>forType(Long.class, "l")), hugeLength));
    }

    @Test
    void whenBytesEndEarly_thenReadingFailsWithAnIOException() throws IOException {
        byte[] full = bytesOf(builtIn.forType(Outer.class, "o"),
                new Outer(1, new Inner("abc", 2, 3), "name", Color.RED, List.of(), Map.of(), new byte[] {1}));

        for (int length = 0; length < full.length; length++) {
            byte[] cut = Arrays.copyOf(full, length);
            assertThrows(IOException.class, () -> read(builtIn.forType(Outer.class, "o"), cut), "length " + length);
        }
    }
}
