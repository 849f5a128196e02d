package dev.weir.api.tuple;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TupleTest {

    @Test
    void tuplesPrintInFlinksFormWithArraysByContent() {
        assertEquals("(a,1)", Tuple2.of("a", 1L).toString());
        assertEquals("(x,null,[1, 2],true,2.5)", Tuple5.of("x", null, new int[] {1, 2}, true, 2.5).toString());
        assertEquals("()", Tuple0.INSTANCE.toString());
        assertEquals("(7)", new Tuple1<>(7).toString());
    }

    @Test
    void fieldsAreReadAndWrittenByPosition() {
        Tuple3<String, Integer, Long> t = new Tuple3<>();
        t.setField("k", 0);
        t.setField(2, 1);
        t.setField(3L, 2);
        assertEquals(Tuple3.of("k", 2, 3L), t);
        assertEquals("k", t.getField(0));
        assertEquals(3, t.getArity());
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> t.getField(3));
        assertTrue(e.getMessage().contains("0..2"), e.getMessage());
    }

    @Test
    void equalTuplesAreEqualKeysAndCopiesAreNewObjects() {
        Map<Tuple2<String, Long>, Integer> counts = new HashMap<>();
        counts.merge(Tuple2.of("a", 1L), 1, Integer::sum);
        counts.merge(Tuple2.of("a", 1L), 1, Integer::sum);
        counts.merge(Tuple2.of("a", 2L), 1, Integer::sum);
        assertEquals(2, counts.get(Tuple2.of("a", 1L)));
        assertEquals(2, counts.size());

        Tuple4<String, Integer, Integer, Integer> original = Tuple4.of("a", 1, 2, 3);
        Tuple4<String, Integer, Integer, Integer> copy = original.copy();
        assertEquals(original, copy);
        assertNotSame(original, copy);
        copy.f1 = 9;
        assertNotEquals(original, copy);
        assertEquals(Tuple2.of(1L, "a"), Tuple2.of("a", 1L).swap());
    }

    @Test
    void newInstanceGivesEmptyTuplesUpToTheMaximumArity() {
        Tuple five = Tuple.newInstance(25);
        assertEquals(25, five.getArity());
        assertNull(five.getField(24));
        assertEquals(Tuple5.class, Tuple.getTupleClass(5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tuple.newInstance(26));
        assertTrue(e.getMessage().contains("POJO"), e.getMessage());
    }
}
