package dev.weir.rocksdb;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.state.KeyedStateKind;
import dev.weir.state.KeyedStateSnapshot;
import dev.weir.state.serialization.VarInts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Converts the RocksDB backend's state to and from the canonical format (the heap backend's
 * keyed-state file: per state and key group a chunk of varint entries, then key and value as the
 * state's serializers write them; see {@link KeyedStateSnapshot}), so that savepoints restore on
 * either backend.
 *
 * <p><b>RocksDB to canonical</b> needs no serializer: the stored bytes are the serializers' bytes,
 * rearranged. A single value (value, list, reducing, aggregating state) is stored as
 * {@code [key group: 2][key length: varint][key] → value}: its entry is {@code key value}. A map (and
 * a window's contents, stored as a map from namespace to value) has one RocksDB entry per map key,
 * {@code [key group][length][key][map key] → value}: a key's entries become {@code key} then the map as
 * the map serializer writes it ({@code varint size, then per entry map key, boolean true, value}).
 * Timers ({@link RocksDBTimerQueue}'s layout) become the heap's ({@code long timestamp, key, byte
 * flags, namespace}). RocksDB iterates in key-group order, so each chunk is one contiguous range.
 *
 * <p><b>Canonical to RocksDB</b> needs the state's serializers to find where an entry ends: it runs
 * when the state is registered ({@link #fill}), as the heap backend decodes its chunks then.
 *
 * <p>States with time-to-live are not converted (their cells are stored differently): a savepoint
 * of such a state stays in RocksDB's own format.
 */
final class RocksCanonicalFormat {
    private static final byte HEAP_EVENT_TIME = 1;
    private static final byte HEAP_HAS_NAMESPACE = 2;

    private RocksCanonicalFormat() {
    }

    /** One key group's chunk being built: its entries' bytes and how many there are. */
    private static final class Chunk {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int entries;

        byte[] bytes() throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream(body.size() + 5);
            DataOutputStream out = new DataOutputStream(all);
            VarInts.write(entries, out);
            body.writeTo(out);
            out.flush();
            return all.toByteArray();
        }
    }

    /** The chunks of a single-value column family, by key group. */
    static Map<Integer, byte[]> valueChunks(RocksDB db, ColumnFamilyHandle cf) throws IOException {
        Map<Integer, Chunk> chunks = new TreeMap<>();
        try (RocksIterator it = db.newIterator(cf)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                Chunk chunk = chunks.computeIfAbsent(keyGroup(key), g -> new Chunk());
                int start = keyStart(key);
                chunk.body.write(key, start, key.length - start);
                chunk.body.write(it.value());
                chunk.entries++;
            }
            status(it);
        }
        return finish(chunks);
    }

    /** The chunks of a map column family (map state or window contents), by key group. */
    static Map<Integer, byte[]> mapChunks(RocksDB db, ColumnFamilyHandle cf) throws IOException {
        Map<Integer, Chunk> chunks = new TreeMap<>();
        try (RocksIterator it = db.newIterator(cf)) {
            byte[] currentPrefix = null;
            Chunk chunk = null;
            ByteArrayOutputStream map = new ByteArrayOutputStream();
            int mapSize = 0;
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                int prefix = keyEnd(key);
                if (currentPrefix == null || !java.util.Arrays.equals(currentPrefix, 0, currentPrefix.length, key, 0, prefix)) {
                    if (chunk != null) {
                        endMap(chunk, map, mapSize);
                    }
                    currentPrefix = java.util.Arrays.copyOf(key, prefix);
                    chunk = chunks.computeIfAbsent(keyGroup(key), g -> new Chunk());
                    int start = keyStart(key);
                    chunk.body.write(key, start, prefix - start);
                    chunk.entries++;
                    map.reset();
                    mapSize = 0;
                }
                map.write(key, prefix, key.length - prefix);
                map.write(1); // the value is present
                map.write(it.value());
                mapSize++;
            }
            if (chunk != null) {
                endMap(chunk, map, mapSize);
            }
            status(it);
        }
        return finish(chunks);
    }

    private static void endMap(Chunk chunk, ByteArrayOutputStream map, int size) throws IOException {
        DataOutputStream out = new DataOutputStream(chunk.body);
        VarInts.write(size, out);
        out.flush();
        map.writeTo(chunk.body);
    }

    /** The timer column family as the heap's timer chunks, by key group. */
    static Map<Integer, byte[]> timerChunks(RocksDB db, ColumnFamilyHandle cf) throws IOException {
        Map<Integer, Chunk> chunks = new TreeMap<>();
        try (RocksIterator it = db.newIterator(cf)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key(); // [group: 2][domain: 1][timestamp: 8, sign flipped][length][key][flag][namespace]
                Chunk chunk = chunks.computeIfAbsent(keyGroup(key), g -> new Chunk());
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(key, 3, key.length - 3));
                long timestamp = in.readLong() ^ Long.MIN_VALUE;
                int length = VarInts.readLength(in);
                int start = key.length - in.available();
                int flagAt = start + length;
                DataOutputStream out = new DataOutputStream(chunk.body);
                out.writeLong(timestamp);
                out.write(key, start, length);
                out.writeByte((key[2] == 1 ? HEAP_EVENT_TIME : 0) | (key[flagAt] != 0 ? HEAP_HAS_NAMESPACE : 0));
                out.write(key, flagAt + 1, key.length - flagAt - 1);
                out.flush();
                chunk.entries++;
            }
            status(it);
        }
        return finish(chunks);
    }

    private static Map<Integer, byte[]> finish(Map<Integer, Chunk> chunks) throws IOException {
        Map<Integer, byte[]> bytes = new TreeMap<>();
        for (Map.Entry<Integer, Chunk> chunk : chunks.entrySet()) {
            bytes.put(chunk.getKey(), chunk.getValue().bytes());
        }
        return bytes;
    }

    private static void status(RocksIterator it) throws IOException {
        try {
            it.status(); // an iterator stops at a read error as if at the end: fail instead
        } catch (RocksDBException e) {
            throw new IOException("cannot read the RocksDB snapshot: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a restored state's canonical chunks into its column family: decodes each entry with the
     * state's serializers ({@code values}; for a map kind {@code mapKeys} and {@code values} are the
     * map's) and stores it as the backend does.
     */
    static void fill(RocksDB db, WriteOptions writeOptions, ColumnFamilyHandle cf, KeyedStateSnapshot.CanonicalState state,
                     TypeSerializer<Object> keySerializer, TypeSerializer<Object> mapKeys, TypeSerializer<Object> values)
            throws IOException, RocksDBException {
        boolean map = state.kind().withoutTtl() == KeyedStateKind.MAP;
        ByteArrayOutputStream prefix = new ByteArrayOutputStream();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream bytesOut = new DataOutputStream(bytes);
        try (WriteBatch batch = new WriteBatch()) {
            for (Map.Entry<Integer, byte[]> chunk : state.chunks().entrySet()) {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(chunk.getValue()));
                int entries = VarInts.readLength(in);
                for (int i = 0; i < entries; i++) {
                    Object key = keySerializer.deserialize(in);
                    byte[] storedKey = storedKey(prefix, chunk.getKey(), keySerializer, key);
                    if (!map) {
                        bytes.reset();
                        values.serialize(values.deserialize(in), bytesOut);
                        bytesOut.flush();
                        batch.put(cf, storedKey, bytes.toByteArray());
                        continue;
                    }
                    int size = VarInts.readLength(in);
                    for (int j = 0; j < size; j++) {
                        Object mapKey = mapKeys.deserialize(in);
                        if (!in.readBoolean()) {
                            continue; // an absent value: nothing to store
                        }
                        Object value = values.deserialize(in);
                        bytes.reset();
                        bytes.write(storedKey);
                        mapKeys.serialize(mapKey, bytesOut);
                        bytesOut.flush();
                        byte[] entryKey = bytes.toByteArray();
                        bytes.reset();
                        values.serialize(value, bytesOut);
                        bytesOut.flush();
                        batch.put(cf, entryKey, bytes.toByteArray());
                    }
                }
                if (batch.count() >= 10_000) {
                    db.write(writeOptions, batch);
                    batch.clear();
                }
            }
            db.write(writeOptions, batch);
        }
    }

    /** {@code [key group: 2][key length: varint][key]}. */
    private static byte[] storedKey(ByteArrayOutputStream buffer, int keyGroup, TypeSerializer<Object> keySerializer,
                                    Object key) throws IOException {
        ByteArrayOutputStream keyBytes = new ByteArrayOutputStream();
        DataOutputStream keyOut = new DataOutputStream(keyBytes);
        keySerializer.serialize(key, keyOut);
        keyOut.flush();
        buffer.reset();
        DataOutputStream out = new DataOutputStream(buffer);
        out.writeShort(keyGroup);
        VarInts.write(keyBytes.size(), out);
        keyBytes.writeTo(out);
        out.flush();
        return buffer.toByteArray();
    }

    private static int keyGroup(byte[] stored) {
        return ((stored[0] & 0xFF) << 8) | (stored[1] & 0xFF);
    }

    /** Where the key's bytes start in {@code [key group: 2][length: varint][key]...}. */
    private static int keyStart(byte[] stored) {
        int position = 2;
        while ((stored[position++] & 0x80) != 0) {
            // a varint continues while the high bit is set
        }
        return position;
    }

    /** Where the key's bytes end in {@code [key group: 2][length: varint][key]...}. */
    private static int keyEnd(byte[] stored) {
        int length = 0;
        int position = 2;
        for (int shift = 0; ; shift += 7) {
            int b = stored[position++] & 0xFF;
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return position + length;
            }
        }
    }
}
