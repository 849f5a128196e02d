package dev.weir.state.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.typeinfo.PojoTypeInfo;
import dev.weir.api.typeinfo.TypeInformation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Records and POJOs chosen from their class alone (as a state descriptor of {@code MyRecord.class} does): every
 * supported field kind — primitives and their boxes, String, enums, BigDecimal, java.time, byte[], nested records and
 * POJOs, lists and maps of them — with values, extremes and nulls, written and read back equal.
 */
class RecordAndPojoRoundTripTest {
    public enum Level { LOW, HIGH }

    public record Inner(String name, Level level) {
    }

    public record AllKinds(boolean b, byte by, short s, char c, int i, long l, float f, double d,
                           Boolean bB, Byte byB, Short sB, Character cB, Integer iB, Long lB, Float fB, Double dB,
                           String text, Level level, BigDecimal decimal, Instant at, LocalDate day, byte[] bytes,
                           Inner inner, Point point, List<Inner> inners, Map<String, Point> points,
                           List<List<Long>> nested) {
        @Override
        public boolean equals(Object o) { // byte[] compares by content here
            return o instanceof AllKinds other && toString().equals(other.toString())
                    && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Objects.hash(i, l, text);
        }

        @Override
        public String toString() {
            return b + "," + by + "," + s + "," + (int) c + "," + i + "," + l + "," + f + "," + d + "|" + bB + "," + byB
                    + "," + sB + "," + cB + "," + iB + "," + lB + "," + fB + "," + dB + "|" + text + "," + level + ","
                    + decimal + "," + at + "," + day + "|" + inner + "," + point + "," + inners + "," + points + ","
                    + nested;
        }
    }

    /** A POJO: public fields, one field with a getter and setter only, a nested record. */
    public static class Point {
        public int x;
        public Long y;
        public String label;
        public Inner inner;
        private List<Integer> history;

        public Point() {
        }

        public List<Integer> getHistory() {
            return history;
        }

        public void setHistory(List<Integer> history) {
            this.history = history;
        }

        static Point of(int x, Long y, String label, Inner inner, List<Integer> history) {
            Point p = new Point();
            p.x = x;
            p.y = y;
            p.label = label;
            p.inner = inner;
            p.history = history;
            return p;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Point p && p.x == x && Objects.equals(p.y, y) && Objects.equals(p.label, label)
                    && Objects.equals(p.inner, inner) && Objects.equals(p.history, history);
        }

        @Override
        public int hashCode() {
            return Objects.hash(x, y, label);
        }

        @Override
        public String toString() {
            return "Point(" + x + "," + y + "," + label + "," + inner + "," + history + ")";
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(Class<T> type, T value) throws IOException {
        TypeSerializer<T> serializer = Serializers.builtInOnly().forType(type, "the test's state");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        serializer.serialize(value, new DataOutputStream(bytes));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        T read = serializer.deserialize(in);
        assertEquals(0, in.available(), "every byte was read");
        return read;
    }

    @Test
    void whenARecordHoldsEveryFieldKindWithValues_thenItRoundTripsEqual() throws IOException {
        Point point = Point.of(-3, Long.MIN_VALUE, "p", new Inner("in", Level.HIGH), List.of(1, 2));
        AllKinds value = new AllKinds(true, Byte.MIN_VALUE, Short.MAX_VALUE, '\uFFFF', Integer.MIN_VALUE, Long.MAX_VALUE,
                Float.NaN, -0.0, false, (byte) 1, (short) -2, 'é', 4, 5L, 6.5f, Double.MAX_VALUE, "ünïcode ✓",
                Level.LOW, new BigDecimal("-12345678901234567890.000123"), Instant.ofEpochSecond(-5, 999_999_999),
                LocalDate.of(1969, 12, 31), new byte[] {0, -1, 127}, new Inner(null, null), point,
                java.util.Arrays.asList(new Inner("a", Level.LOW), null), Map.of("k", point),
                List.of(List.of(1L, 2L), List.of()));

        assertEquals(value, roundTrip(AllKinds.class, value));
    }

    @Test
    void whenARecordsReferenceFieldsAreAllNull_thenItRoundTripsWithNullsAndPrimitivesKeepTheirValues()
            throws IOException {
        AllKinds value = new AllKinds(false, (byte) 0, (short) 0, 'a', 1, 2, 3f, 4d, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null);

        assertEquals(value, roundTrip(AllKinds.class, value));
    }

    @Test
    void whenAPojoHoldsNestedValuesOrNulls_thenItRoundTripsEqual() throws IOException {
        Point full = Point.of(Integer.MAX_VALUE, 7L, "label", new Inner("x", Level.LOW), List.of(3, 4));
        Point empty = Point.of(0, null, null, null, null);

        assertEquals(full, roundTrip(Point.class, full));
        assertEquals(empty, roundTrip(Point.class, empty));
    }

    @Test
    void whenTheTypeIsGivenAsTypeInformation_thenTheSameRecordAndPojoSerializersAreChosen() {
        Serializers serializers = Serializers.builtInOnly();

        TypeSerializer<AllKinds> record = serializers.forTypeInfo(TypeInformation.of(AllKinds.class), "state");
        TypeSerializer<Point> pojo = serializers.forTypeInfo(TypeInformation.of(Point.class), "state");

        assertEquals(Serializers.RecordSerializer.class, record.getClass());
        assertEquals(PojoSerializer.class, pojo.getClass());
        assertEquals(PojoTypeInfo.class, TypeInformation.of(Point.class).getClass());
    }
}
