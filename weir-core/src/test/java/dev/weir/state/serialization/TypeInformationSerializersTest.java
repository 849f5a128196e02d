package dev.weir.state.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.tuple.Tuple0;
import dev.weir.api.tuple.Tuple2;
import dev.weir.api.tuple.Tuple5;
import dev.weir.api.typeinfo.TypeHint;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.typeinfo.Types;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Weir's serializers chosen from a TypeInformation: each kind round-trips, POJOs by field name. */
class TypeInformationSerializersTest {

    enum Level { LOW, HIGH }

    public static class Address {
        public String city;
        public int zip;

        public Address() {
        }

        Address(String city, int zip) {
            this.city = city;
            this.zip = zip;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Address a && Objects.equals(a.city, city) && a.zip == zip;
        }

        @Override
        public int hashCode() {
            return Objects.hash(city, zip);
        }
    }

    /** A POJO with private fields behind getters and setters, a nested POJO, a list of POJOs and a map. */
    public static class Customer {
        private String name;
        private long id;
        private Address home;
        private List<Address> previous;
        private Map<String, Level> levels;
        public BigDecimal balance;
        public Instant since;

        public Customer() {
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public long getId() {
            return id;
        }

        public void setId(long id) {
            this.id = id;
        }

        public Address getHome() {
            return home;
        }

        public void setHome(Address home) {
            this.home = home;
        }

        public List<Address> getPrevious() {
            return previous;
        }

        public void setPrevious(List<Address> previous) {
            this.previous = previous;
        }

        public Map<String, Level> getLevels() {
            return levels;
        }

        public void setLevels(Map<String, Level> levels) {
            this.levels = levels;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Customer c && Objects.equals(c.name, name) && c.id == id && Objects.equals(c.home, home)
                    && Objects.equals(c.previous, previous) && Objects.equals(c.levels, levels)
                    && Objects.equals(c.balance, balance) && Objects.equals(c.since, since);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, id);
        }
    }

    /** The same class name's fields, seen at another time: one field more. */
    public static class AddressWithCountry {
        public String city;
        public int zip;
        public String country;
    }

    /** Like Address with a field whose name has the length of "zip" and sorts before it. */
    public static class AddressWithZap {
        public String city;
        public int zap;
        public int zip;
    }

    public static class SpecialAddress extends Address {
        public String note;
    }

    public static class Opaque {
        private final StringBuilder text = new StringBuilder();

        public Opaque(String s) {
            text.append(s);
        }
    }

    private final Serializers serializers = Serializers.builtInOnly();

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

    private <T> T roundTrip(TypeInformation<T> type, T value) throws IOException {
        TypeSerializer<T> serializer = serializers.forTypeInfo(type, "test value");
        return read(serializer, bytesOf(serializer, value));
    }

    @Test
    void bigNumbersAndJavaTimeValuesRoundTripExactly() throws IOException {
        for (BigDecimal d : List.of(new BigDecimal("0"), new BigDecimal("-123456789012345678901234567890.000100"),
                new BigDecimal("1E+40"))) {
            BigDecimal back = roundTrip(Types.BIG_DEC, d);
            assertEquals(d, back);
            assertEquals(d.scale(), back.scale());
        }
        assertEquals(new BigInteger("-98765432109876543210987654321"),
                roundTrip(Types.BIG_INT, new BigInteger("-98765432109876543210987654321")));
        assertEquals(Instant.parse("1969-12-31T23:59:59.999999999Z"),
                roundTrip(Types.INSTANT, Instant.parse("1969-12-31T23:59:59.999999999Z")));
        assertEquals(LocalDate.of(-5, 2, 28), roundTrip(Types.LOCAL_DATE, LocalDate.of(-5, 2, 28)));
        assertEquals(LocalTime.MAX, roundTrip(Types.LOCAL_TIME, LocalTime.MAX));
        assertEquals(LocalDateTime.of(2026, 12, 6, 9, 30, 1, 5), roundTrip(Types.LOCAL_DATE_TIME,
                LocalDateTime.of(2026, 12, 6, 9, 30, 1, 5)));
        assertEquals(Level.HIGH, roundTrip(Types.ENUM(Level.class), Level.HIGH));
        @SuppressWarnings("unchecked")
        TypeInformation<byte[]> bytes = (TypeInformation<byte[]>) Types.PRIMITIVE_ARRAY(Types.BYTE);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {1, 2}, roundTrip(bytes, new byte[] {1, 2}));
        assertEquals('x', roundTrip(Types.CHAR, 'x'));
        TypeSerializer<Object> dynamic = serializers.dynamic();
        for (Object array : List.of(new boolean[] {true, false}, new short[] {-1, 2}, new int[] {Integer.MIN_VALUE, 0},
                new long[] {Long.MAX_VALUE}, new float[] {1.5f}, new double[] {-0.0, Double.NaN}, new char[] {'a', 'é'},
                new int[0])) {
            TypeSerializer<Object> typed = serializers.forType(array.getClass(), "array");
            assertTrue(java.util.Objects.deepEquals(array, read(typed, bytesOf(typed, array))), array.getClass().getName());
            assertTrue(java.util.Objects.deepEquals(array, read(dynamic, bytesOf(dynamic, array))),
                    "as Object: " + array.getClass().getName());
        }
    }

    @Test
    void aPojoWithANestedPojoAListOfPojosAMapAndNullFieldsRoundTrips() throws IOException {
        Customer customer = new Customer();
        customer.setName("Ada");
        customer.setId(42);
        customer.setHome(new Address("Zurich", 8000));
        customer.setPrevious(Arrays.asList(new Address("Bern", 3000), null, new Address(null, 0)));
        Map<String, Level> levels = new LinkedHashMap<>();
        levels.put("gold", Level.HIGH);
        levels.put("none", null);
        customer.setLevels(levels);
        customer.balance = new BigDecimal("12.50");
        customer.since = null;

        Customer back = roundTrip(Types.POJO(Customer.class), customer);

        assertEquals(customer, back);
        assertNull(back.since);
        Customer empty = roundTrip(Types.POJO(Customer.class), new Customer());
        assertEquals(new Customer(), empty);
    }

    @Test
    void aPojosFormatNamesItsFieldsSoAFieldAddedLaterKeepsItsDefault() throws IOException {
        byte[] written = bytesOf(serializers.forTypeInfo(Types.POJO(Address.class), "old"), new Address("Basel", 4000));
        String text = new String(written, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("city") && text.contains("zip"), "field names are in the format");

        AddressWithCountry newer = read(serializers.forTypeInfo(Types.POJO(AddressWithCountry.class), "new"), written);

        assertEquals("Basel", newer.city);
        assertEquals(4000, newer.zip);
        assertNull(newer.country);
    }

    @Test
    void fieldsAreMatchedByTheirWholeNameEvenWhenANameOfTheSameLengthIsExpectedThere() throws IOException {
        byte[] written = bytesOf(serializers.forTypeInfo(Types.POJO(Address.class), "old"), new Address("Basel", 4000));

        AddressWithZap newer = read(serializers.forTypeInfo(Types.POJO(AddressWithZap.class), "new"), written);

        assertEquals("Basel", newer.city);
        assertEquals(0, newer.zap);
        assertEquals(4000, newer.zip);
    }

    @Test
    void aFieldTheClassNoLongerHasFailsTheReadNamingIt() throws IOException {
        AddressWithCountry wider = new AddressWithCountry();
        wider.city = "Bern";
        wider.country = "CH";
        byte[] written = bytesOf(serializers.forTypeInfo(Types.POJO(AddressWithCountry.class), "old"), wider);

        IOException e = assertThrows(IOException.class,
                () -> read(serializers.forTypeInfo(Types.POJO(Address.class), "new"), written));

        assertTrue(e.getMessage().contains("'country'") && e.getMessage().contains(Address.class.getName()),
                e.getMessage());
    }

    @Test
    void aSubclassValueOfAPojoTypeIsRefusedRatherThanCut() {
        IOException e = assertThrows(IOException.class,
                () -> bytesOf(serializers.forTypeInfo(Types.POJO(Address.class), "x"), new SpecialAddress()));
        assertTrue(e.getMessage().contains(SpecialAddress.class.getName()), e.getMessage());
    }

    @Test
    void tuplesRoundTripWithNullsAndNestedTypes() throws IOException {
        TypeInformation<Tuple5<String, Long, Address, List<Level>, Tuple2<Integer, Double>>> type =
                TypeInformation.of(new TypeHint<Tuple5<String, Long, Address, List<Level>, Tuple2<Integer, Double>>>() {});
        Tuple5<String, Long, Address, List<Level>, Tuple2<Integer, Double>> value =
                Tuple5.of("k", null, new Address("Chur", 7000), List.of(Level.LOW), Tuple2.of(1, 2.5));

        assertEquals(value, roundTrip(type, value));
        assertEquals(new Tuple0(), roundTrip(Types.TUPLE(), new Tuple0()));
    }

    @Test
    void listsAndMapsOfPojosRoundTrip() throws IOException {
        List<Address> list = new ArrayList<>(List.of(new Address("A", 1), new Address("B", 2)));
        assertEquals(list, roundTrip(Types.LIST(Types.POJO(Address.class)), list));
        Map<Level, Address> map = Map.of(Level.LOW, new Address("C", 3));
        assertEquals(map, roundTrip(Types.MAP(Types.ENUM(Level.class), Types.POJO(Address.class)), map));
    }

    @Test
    void objectTypedValuesOfTheNewKindsRoundTripWithTheirType() throws IOException {
        TypeSerializer<Object> dynamic = serializers.dynamic();
        for (Object value : List.of(new BigDecimal("1.10"), BigInteger.TEN, Instant.EPOCH, LocalDate.of(2020, 1, 1),
                LocalTime.NOON, LocalDateTime.of(2020, 1, 1, 0, 0), Tuple2.of("user", 7L),
                Tuple2.of(Tuple2.of(1, 2), Level.HIGH))) {
            assertEquals(value, read(dynamic, bytesOf(dynamic, value)), value.toString());
        }
    }

    @Test
    void anObjectTypedPojoIsWrittenAndReadOnlyWhenTheJobDeclaresIt() throws IOException {
        Serializers undeclared = Serializers.builtInOnly();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> bytesOf(undeclared.dynamic(), new Address("X", 1)));
        assertTrue(refused.getMessage().contains(Address.class.getName())
                && refused.getMessage().contains("Types.POJO(Address.class)"), refused.getMessage());

        Serializers declared = Serializers.builtInOnly();
        declared.declare(Types.TUPLE(Types.STRING, Types.POJO(Address.class)));
        byte[] bytes = bytesOf(declared.dynamic(), new Address("X", 1));
        assertEquals(new Address("X", 1), read(declared.dynamic(), bytes));

        IOException e = assertThrows(IOException.class, () -> read(Serializers.builtInOnly().dynamic(), bytes),
                "another process that does not declare it refuses the same bytes");
        assertTrue(e.getMessage().contains(Address.class.getName()) && e.getMessage().contains("refusing"),
                e.getMessage());
    }

    @Test
    void aTypeWithoutSerializerIsRefusedSayingWhyItIsNoPojoAndWhatToDo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> serializers.forTypeInfo(TypeInformation.of(Opaque.class), "state 'last'"));

        assertTrue(e.getMessage().contains(Opaque.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("no public no-argument constructor"), e.getMessage());
        assertTrue(e.getMessage().contains("state 'last'"), e.getMessage());
        assertTrue(e.getMessage().contains("registerSerializer(Opaque.class"), e.getMessage());
        assertTrue(e.getMessage().contains("never falls back"), e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, assertThrows(IllegalArgumentException.class,
                () -> serializers.forTypeInfo(Types.LIST(TypeInformation.of(Opaque.class)), "list")));
    }
}
