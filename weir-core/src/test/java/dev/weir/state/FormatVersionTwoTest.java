package dev.weir.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.state.serialization.Serializers;
import dev.weir.state.serialization.VarInts;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyed-state files of format version 2 (before states carried a schema) still restore: a file laid out byte by
 * byte as version 2 wrote it, read by today's heap backend; and today's files carry version 3.
 */
class FormatVersionTwoTest {
    @TempDir
    Path dir;

    public record Reading(String sensor, long value) {
    }

    private static final KeyGroupRange ALL = KeyGroupRange.forSubtask(128, 1, 0);

    /** A version-2 keyed file: one value state of records, one key, no timers. */
    private Path versionTwoFile(String key, Reading reading) throws IOException {
        Serializers serializers = Serializers.builtInOnly();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(body);
        out.writeInt(ALL.first());
        out.writeInt(ALL.last());
        VarInts.write(1, out);
        Serializers.writeString("readings", out);
        out.writeByte(KeyedStateKind.VALUE.code());
        int keyGroup = KeyGroups.keyGroupFor(key, 128);
        for (int group = ALL.first(); group <= ALL.last(); group++) {
            if (group != keyGroup) {
                VarInts.write(1, out);
                out.writeByte(0);
                continue;
            }
            ByteArrayOutputStream chunk = new ByteArrayOutputStream();
            DataOutputStream c = new DataOutputStream(chunk);
            VarInts.write(1, c);
            serializers.dynamic().serialize(key, c);
            serializers.forType(Reading.class, "test").serialize(reading, c);
            VarInts.write(chunk.size(), out);
            out.write(chunk.toByteArray());
        }
        VarInts.write(0, out); // no timers
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DataOutputStream f = new DataOutputStream(file);
        f.writeInt(StateFiles.MAGIC);
        f.writeByte(2);
        f.writeByte(StateFiles.KIND_KEYED);
        f.write(body.toByteArray());
        CRC32C crc = new CRC32C();
        crc.update(file.toByteArray());
        f.writeInt((int) crc.getValue());
        Path path = dir.resolve("v2-keyed");
        Files.write(path, file.toByteArray());
        return path;
    }

    @Test
    void whenAVersionTwoKeyedFileIsRestored_thenItsValuesAreReadAsBefore() throws IOException {
        Path file = versionTwoFile("s1", new Reading("s1", 42));

        HeapKeyedStateBackend backend = new HeapKeyedStateBackend("readings-op", ALL, 128, Serializers.builtInOnly());
        backend.restoreFiles(List.of(file));
        ValueState<Reading> state = backend.getState(new ValueStateDescriptor<>("readings", Reading.class));
        backend.setCurrentKey("s1");

        assertEquals(new Reading("s1", 42), state.value());
    }

    @Test
    void whenAVersionTwoStateIsSnapshottedAgain_thenTheNewFileIsVersionThreeWithTheSchemaAndRestores()
            throws IOException {
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend("readings-op", ALL, 128, Serializers.builtInOnly());
        backend.restoreFiles(List.of(versionTwoFile("s1", new Reading("s1", 42))));
        backend.getState(new ValueStateDescriptor<>("readings", Reading.class));
        Path next = dir.resolve("v3-keyed");
        backend.snapshot().writeTo(next);

        assertEquals(StateFiles.FORMAT_VERSION, ByteBuffer.wrap(Files.readAllBytes(next)).get(4));
        HeapKeyedStateBackend again = new HeapKeyedStateBackend("readings-op", ALL, 128, Serializers.builtInOnly());
        again.restoreFiles(List.of(next));
        ValueState<Reading> state = again.getState(new ValueStateDescriptor<>("readings", Reading.class));
        again.setCurrentKey("s1");
        assertEquals(new Reading("s1", 42), state.value());
    }
}
