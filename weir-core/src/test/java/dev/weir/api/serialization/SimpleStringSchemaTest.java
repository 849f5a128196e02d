package dev.weir.api.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weir.api.typeinfo.TypeInformation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimpleStringSchemaTest {

    @Test
    void whenNoCharsetIsGiven_thenStringsAreUtf8BothWays() {
        SimpleStringSchema schema = new SimpleStringSchema();

        assertEquals(StandardCharsets.UTF_8, schema.getCharset());
        assertArrayEquals(new byte[] {'a', (byte) 0xC3, (byte) 0xA9}, schema.serialize("aé"));
        assertEquals("aé", schema.deserialize(new byte[] {'a', (byte) 0xC3, (byte) 0xA9}));
        assertEquals(TypeInformation.of(String.class), schema.getProducedType());
        assertFalse(schema.isEndOfStream("end"));
    }

    @Test
    void whenACharsetIsGiven_thenItIsUsedBothWays() {
        SimpleStringSchema schema = new SimpleStringSchema(StandardCharsets.ISO_8859_1);

        assertArrayEquals(new byte[] {'a', (byte) 0xE9}, schema.serialize("aé"));
        assertEquals("aé", schema.deserialize(new byte[] {'a', (byte) 0xE9}));
    }

    @Test
    void whenTheMessageIsNull_thenNothingIsEmitted() throws Exception {
        SimpleStringSchema schema = new SimpleStringSchema();
        List<String> out = new ArrayList<>();

        schema.deserialize(null, out::add);
        schema.deserialize("x".getBytes(StandardCharsets.UTF_8), out::add);

        assertNull(schema.deserialize(null));
        assertEquals(List.of("x"), out);
    }
}
