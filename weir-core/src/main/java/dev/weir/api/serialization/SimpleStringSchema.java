package dev.weir.api.serialization;

import dev.weir.api.typeinfo.TypeInformation;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Strings as bytes in one charset, UTF-8 unless given: serializes a string to its bytes and
 * deserializes bytes to a string (malformed bytes become the charset's replacement character, they
 * are not an error). A {@code null} message stays {@code null}, which a Kafka source skips (a
 * tombstone). Never ends a stream. Stateless: one instance can serve every subtask.
 */
public class SimpleStringSchema implements DeserializationSchema<String>, SerializationSchema<String> {
    private final Charset charset;

    /** UTF-8. */
    public SimpleStringSchema() {
        this(StandardCharsets.UTF_8);
    }

    public SimpleStringSchema(Charset charset) {
        this.charset = Objects.requireNonNull(charset, "charset");
    }

    public Charset getCharset() {
        return charset;
    }

    @Override
    public String deserialize(byte[] message) {
        return message == null ? null : new String(message, charset);
    }

    @Override
    public boolean isEndOfStream(String nextElement) {
        return false;
    }

    @Override
    public byte[] serialize(String element) {
        return element.getBytes(charset);
    }

    @Override
    public TypeInformation<String> getProducedType() {
        return TypeInformation.of(String.class);
    }

    @Override
    public String toString() {
        return "SimpleStringSchema(" + charset + ")";
    }
}
