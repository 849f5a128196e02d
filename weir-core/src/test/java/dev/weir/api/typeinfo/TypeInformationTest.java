package dev.weir.api.typeinfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.api.tuple.Tuple2;
import dev.weir.api.tuple.Tuple3;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypeInformationTest {

    public static class Event {
        public String user;
        public long amount;
        private List<Item> items;
        private boolean flagged;
        public transient Object ignored;
        public static int alsoIgnored;

        public Event() {
        }

        public List<Item> getItems() {
            return items;
        }

        public void setItems(List<Item> items) {
            this.items = items;
        }

        public boolean isFlagged() {
            return flagged;
        }

        public void setFlagged(boolean flagged) {
            this.flagged = flagged;
        }
    }

    public static class Item {
        public String name;
        public BigDecimal price;
    }

    public static class WordCount extends Tuple2<String, Integer> {
        public WordCount() {
        }
    }

    public static class Wrapper<T> {
        public T value;
    }

    public static class Nested<T> {
        public Map<String, List<T>> byName;
    }

    public static class LongNested extends Nested<Long> {
        public Tuple2<T2, String> pair;

        public static class T2 {
            public int x;
        }
    }

    @Test
    void typeArgumentsReachNestedGenericFieldsAndSuperclassFields() {
        PojoTypeInfo<?> nested = assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(new TypeHint<Nested<Long>>() {}));
        assertEquals(Types.MAP(Types.STRING, Types.LIST(Types.LONG)), nested.getTypeAt("byName"));

        PojoTypeInfo<?> sub = assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(LongNested.class));
        assertEquals(Types.MAP(Types.STRING, Types.LIST(Types.LONG)), sub.getTypeAt("byName"));
        assertEquals(Types.TUPLE(Types.POJO(LongNested.T2.class), Types.STRING), sub.getTypeAt("pair"));
    }

    public static class NoDefaultConstructor {
        public String name;

        public NoDefaultConstructor(String name) {
            this.name = name;
        }
    }

    public static class PrivateField {
        private String hidden;
    }

    public static class Node {
        public Node next;
    }

    public static class Envelope {
        public Object payload;
        @SuppressWarnings("rawtypes")
        public List items;
        public String id;
    }

    @Test
    void pojoWithFieldTypesGivesThoseFieldsTheirTypes() {
        PojoTypeInfo<?> envelope = assertInstanceOf(PojoTypeInfo.class,
                Types.POJO(Envelope.class, Map.of("payload", Types.LONG, "items", Types.LIST(Types.STRING))));
        assertSame(Types.LONG, envelope.getTypeAt("payload"));
        assertEquals(Types.LIST(Types.STRING), envelope.getTypeAt("items"));
        assertSame(Types.STRING, envelope.getTypeAt("id"));

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Types.POJO(Envelope.class, Map.of("paylod", Types.LONG)));
        assertTrue(unknown.getMessage().contains("'paylod'") && unknown.getMessage().contains("id, items, payload"),
                unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Types.POJO(Envelope.class, Map.of("id", Types.LONG)));
    }

    record Point(int x, int y) {
    }

    enum Color { RED }

    @Test
    void basicTypesAreTheTypesConstants() {
        assertSame(Types.LONG, TypeInformation.of(Long.class));
        assertSame(Types.INT, TypeInformation.of(int.class));
        assertSame(Types.STRING, TypeInformation.of(String.class));
        assertSame(Types.LOCAL_DATE, TypeInformation.of(LocalDate.class));
        assertSame(Types.PRIMITIVE_ARRAY(Types.BYTE), TypeInformation.of(byte[].class));
        assertTrue(Types.BIG_DEC.isBasicType());
        assertEquals(Types.ENUM(Color.class), TypeInformation.of(Color.class));
    }

    @Test
    void aTypeHintOfATupleGivesItsFieldTypes() {
        TypeInformation<Tuple2<String, Long>> info = TypeInformation.of(new TypeHint<Tuple2<String, Long>>() {});

        TupleTypeInfo<?> tuple = assertInstanceOf(TupleTypeInfo.class, info);
        assertTrue(info.isTupleType());
        assertEquals(2, info.getArity());
        assertSame(Types.STRING, tuple.getTypeAt(0));
        assertSame(Types.LONG, tuple.getTypeAt(1));
        assertEquals(Types.TUPLE(Types.STRING, Types.LONG), info);
        assertEquals("Tuple2<String, Long>", info.toString());
    }

    @Test
    void aTypeHintOfAListOfPojosGivesTheElementsFields() {
        TypeInformation<List<Event>> info = TypeInformation.of(new TypeHint<List<Event>>() {});

        ListTypeInfo<?> list = assertInstanceOf(ListTypeInfo.class, info);
        PojoTypeInfo<?> event = assertInstanceOf(PojoTypeInfo.class, list.getElementTypeInfo());
        assertArrayEquals(new String[] {"amount", "flagged", "items", "user"}, event.getFieldNames());
        ListTypeInfo<?> items = assertInstanceOf(ListTypeInfo.class, event.getTypeAt("items"));
        PojoTypeInfo<?> item = assertInstanceOf(PojoTypeInfo.class, items.getElementTypeInfo());
        assertSame(Types.BIG_DEC, item.getTypeAt("price"));
        assertEquals(Types.LIST(Types.POJO(Event.class)), info);
    }

    @Test
    void nestedGenericsAndTupleSubclassesAndGenericPojosAreResolved() {
        TypeInformation<Map<String, List<Tuple3<Long, String, Color>>>> nested =
                TypeInformation.of(new TypeHint<Map<String, List<Tuple3<Long, String, Color>>>>() {});
        assertEquals(Types.MAP(Types.STRING, Types.LIST(Types.TUPLE(Types.LONG, Types.STRING, Types.ENUM(Color.class)))),
                nested);

        TupleTypeInfo<?> wordCount = assertInstanceOf(TupleTypeInfo.class, Types.TUPLE(WordCount.class));
        assertSame(WordCount.class, wordCount.getTypeClass());
        assertSame(Types.INT, wordCount.getTypeAt(1));

        PojoTypeInfo<?> wrapper = assertInstanceOf(PojoTypeInfo.class,
                TypeInformation.of(new TypeHint<Wrapper<Point>>() {}));
        PojoTypeInfo<?> point = assertInstanceOf(PojoTypeInfo.class, wrapper.getTypeAt("value"));
        assertTrue(point.isRecord());
        assertArrayEquals(new String[] {"x", "y"}, point.getFieldNames());
    }

    @Test
    void aRawGenericClassHasFieldsOfUnknownType() {
        TupleTypeInfo<?> raw = assertInstanceOf(TupleTypeInfo.class, TypeInformation.of(Tuple2.class));
        assertEquals(new GenericTypeInfo<>(Object.class), raw.getTypeAt(0));
    }

    @Test
    void classesThatAreNotPojosAreGenericWithTheReason() {
        GenericTypeInfo<?> noConstructor = assertInstanceOf(GenericTypeInfo.class,
                TypeInformation.of(NoDefaultConstructor.class));
        assertTrue(noConstructor.getReason().contains("no public no-argument constructor"), noConstructor.getReason());
        GenericTypeInfo<?> privateField = assertInstanceOf(GenericTypeInfo.class, TypeInformation.of(PrivateField.class));
        assertTrue(privateField.getReason().contains("'hidden'"), privateField.getReason());
        PojoTypeInfo<?> node = assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(Node.class));
        GenericTypeInfo<?> recursive = assertInstanceOf(GenericTypeInfo.class, node.getTypeAt("next"));
        assertTrue(recursive.getReason().contains("recursive"), recursive.getReason());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Types.POJO(NoDefaultConstructor.class));
        assertTrue(e.getMessage().contains(NoDefaultConstructor.class.getName())
                && e.getMessage().contains("no public no-argument constructor")
                && e.getMessage().contains("registerSerializer"), e.getMessage());
    }

    @Test
    void genericIsRefusedNamingTheClassAndWhatToDo() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Types.GENERIC(NoDefaultConstructor.class));
        assertTrue(e.getMessage().contains(NoDefaultConstructor.class.getName())
                && e.getMessage().contains("Types.POJO(NoDefaultConstructor.class)")
                && e.getMessage().contains("registerSerializer"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Types.PRIMITIVE_ARRAY(Types.STRING));
        assertSame(PrimitiveArrayTypeInfo.INT_PRIMITIVE_ARRAY_TYPE_INFO, Types.PRIMITIVE_ARRAY(Types.INT));
        assertSame(PrimitiveArrayTypeInfo.CHAR_PRIMITIVE_ARRAY_TYPE_INFO, TypeInformation.of(char[].class));
    }

    @Test
    void keyTypesAreThoseWithValueEquality() {
        assertTrue(Types.TUPLE(Types.STRING, Types.LONG).isKeyType());
        assertTrue(TypeInformation.of(Point.class).isKeyType());
        assertFalse(Types.POJO(Event.class).isKeyType(), "no hashCode of its own");
        assertFalse(Types.PRIMITIVE_ARRAY(Types.BYTE).isKeyType());
        assertEquals(4, Types.POJO(Event.class).getArity());
    }
}
