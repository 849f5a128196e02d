package dev.weir.state.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.serialization.TypeSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dynamic serializer remembers the class it wrote and read last (so that a stream of one record class makes no
 * class-name String per record); its bytes stay those of Weir's checkpoint format: tag, the class name as
 * {@link Serializers#writeString}, then the value.
 */
class DynamicNamedClassTest {

    record Point(long x, long y) {
    }

    /** Same length of name as {@link Point} ("Point" vs "Pains"), so the cached-name comparison must see the difference. */
    record Pains(long x, long y) {
    }

    record Label(String text) {
    }

    private final Serializers builtIn = Serializers.builtInOnly();

    @Test
    void recordsOfOneClassRoundTripThroughOneSerializerManyTimes() throws IOException {
        TypeSerializer<Object> dynamic = builtIn.dynamic();
        for (int i = 0; i < 1000; i++) {
            assertEquals(new Point(i, -i), read(dynamic, bytesOf(dynamic, new Point(i, -i))));
        }
    }

    @Test
    void alternatingClassesOfEqualNameLengthAreEachReadAsTheirOwnClass() throws IOException {
        TypeSerializer<Object> dynamic = builtIn.dynamic();
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            values.add(new Point(i, i));
            values.add(new Pains(i, i));
            values.add(new Label("l" + i));
            values.add((long) i);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (Object value : values) {
            dynamic.serialize(value, out);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        for (Object value : values) {
            assertEquals(value, dynamic.deserialize(in));
        }
    }

    @Test
    void bytesAreTheCheckpointFormatTagNameThenValue() throws IOException {
        TypeSerializer<Object> dynamic = builtIn.dynamic();
        bytesOf(dynamic, new Point(1, 2)); // warm the cache: the second write must give the same bytes
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(expected);
        out.writeByte(13); // NAMED_CLASS
        Serializers.writeString(Point.class.getName(), out);
        builtIn.forType(Point.class, "expected").serialize(new Point(1, 2), out);
        assertArrayEquals(expected.toByteArray(), bytesOf(dynamic, new Point(1, 2)));
    }

    @Test
    void anotherSerializerInstanceReadsWhatOneWrote() throws IOException {
        byte[] bytes = bytesOf(builtIn.dynamic(), new Label("restored"));
        // a restore in a fresh JVM: a new registry, whose dynamic serializer has read nothing yet
        TypeSerializer<Object> fresh = Serializers.builtInOnly().dynamic();
        assertEquals(new Label("restored"), read(fresh, bytes));
        assertEquals(new Label("restored"), read(fresh, bytes));
    }

    @Test
    void anUnknownClassAfterAKnownOneFailsNamingIt() throws IOException {
        TypeSerializer<Object> dynamic = builtIn.dynamic();
        assertEquals(new Point(3, 4), read(dynamic, bytesOf(dynamic, new Point(3, 4))));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(13);
        // as long as Point's name, so it takes the cached-name comparison first
        String gone = Point.class.getName().substring(0, Point.class.getName().length() - 5) + "Gonee";
        Serializers.writeString(gone, out);
        IOException e = assertThrows(IOException.class, () -> read(dynamic, bytes.toByteArray()));
        assertTrue(e.getMessage().contains(gone), e.getMessage());
    }

    private static byte[] bytesOf(TypeSerializer<Object> serializer, Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        serializer.serialize(value, new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static Object read(TypeSerializer<Object> serializer, byte[] bytes) throws IOException {
        return serializer.deserialize(new DataInputStream(new ByteArrayInputStream(bytes)));
    }
}
