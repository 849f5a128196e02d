package dev.weir.rocksdb;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.state.ttl.TtlPolicy;
import dev.weir.state.ttl.TtlSerializer;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The storage walk of TTL cleanup for one state of the RocksDB backend (the expiry rules are the shared
 * {@link TtlPolicy}). Without Flink's patched RocksDB there is no TTL compaction filter, so expired entries
 * are removed by scanning the state's column family: a step of {@code n} entries on each access (incremental
 * cleanup; a fresh iterator sought to where the last step stopped, so it sees the current data), or the whole
 * column family in the synchronous part of a snapshot (full-snapshot cleanup, and the compaction-filter
 * strategy set explicitly). A value, reducing or aggregating value and each map entry is one RocksDB entry
 * whose first 8 bytes are its last-access time; a list is one entry, decoded to drop its expired elements.
 *
 * <p>The scan sees what is in the database: values still dirty in the backend's write-back cache are checked
 * when read or once flushed (every snapshot flushes them). Deleting an entry the cache holds a clean copy of
 * is safe: the copy is expired too, and the TTL layer drops it on read. Task thread only.
 */
final class RocksTtlCleanup {
    private final RocksDBKeyedStateBackend backend;
    private final ColumnFamilyHandle cf;
    private final TtlPolicy policy;
    /** The serializer of a whole list (list state), else null: the other cells are judged by their first 8 bytes. */
    private final TypeSerializer<Object> listSerializer;
    /** The key the next step starts at; null: the start of the column family. */
    private byte[] cursor;

    RocksTtlCleanup(RocksDBKeyedStateBackend backend, ColumnFamilyHandle cf, TtlPolicy policy,
                    TypeSerializer<Object> listSerializer) {
        this.backend = backend;
        this.cf = cf;
        this.policy = policy;
        this.listSerializer = listSerializer;
    }

    TtlPolicy policy() {
        return policy;
    }

    /** Checks up to {@code entries} entries on from the cursor (wrapping round once at the end). */
    void step(int entries) {
        long now = policy.now();
        try (RocksIterator it = backend.db.newIterator(cf, backend.readOptions)) {
            boolean wrapped = cursor == null;
            if (cursor == null) {
                it.seekToFirst();
            } else {
                it.seek(cursor);
            }
            while (entries > 0) {
                if (!it.isValid()) {
                    it.status();
                    if (wrapped) {
                        cursor = null;
                        return;
                    }
                    wrapped = true;
                    it.seekToFirst();
                    continue;
                }
                clean(it.key(), it.value(), now);
                entries--;
                it.next();
            }
            cursor = it.isValid() ? it.key() : null;
        } catch (RocksDBException e) {
            throw backend.failure("TTL cleanup", e);
        }
    }

    /** Checks every entry of the column family. */
    void fullPass() {
        long now = policy.now();
        try (RocksIterator it = backend.db.newIterator(cf, backend.readOptions)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                clean(it.key(), it.value(), now);
            }
            it.status();
        } catch (RocksDBException e) {
            throw backend.failure("TTL cleanup", e);
        }
    }

    private void clean(byte[] key, byte[] value, long now) throws RocksDBException {
        if (listSerializer == null) {
            if (policy.expired(TtlSerializer.lastAccessOf(value), now)) {
                backend.db.delete(cf, backend.writeOptions, key);
            }
            return;
        }
        try {
            Object list = listSerializer.deserialize(new DataInputStream(new ByteArrayInputStream(value)));
            Object cleaned = policy.clean(list, now);
            if (cleaned == null) {
                backend.db.delete(cf, backend.writeOptions, key);
            } else if (cleaned != list) {
                ExposedBuffer buffer = new ExposedBuffer(value.length);
                listSerializer.serialize(cleaned, buffer.out);
                backend.db.put(cf, backend.writeOptions, key, 0, key.length, buffer.array(), 0, buffer.length());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("TTL cleanup cannot read a list of the RocksDB state", e);
        }
    }
}
