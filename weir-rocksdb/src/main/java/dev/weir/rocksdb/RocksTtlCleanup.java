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
 * cleanup), or the whole column family in the synchronous part of a snapshot (full-snapshot cleanup, and the
 * compaction-filter strategy set explicitly). A value, reducing or aggregating value and each map entry is
 * one RocksDB entry whose first 8 bytes are its last-access time; a list is one entry, decoded to drop its
 * expired elements.
 *
 * <p>The steps share one iterator, opened at the first step and closed at the end of the column family and
 * at each snapshot ({@link #reset}), so a step costs a few {@code next()} calls, not a seek. The iterator
 * sees the data as of its opening: an entry it finds expired is read again before it is deleted or
 * rewritten, so a value written since is never lost. The scan sees what is in the database: values still
 * dirty in the backend's write-back cache are checked when read, or once a snapshot flushed them. Deleting
 * an entry the cache holds a clean copy of is safe: the copy is expired too, and the TTL layer drops it on
 * read. Task thread only.
 */
final class RocksTtlCleanup implements AutoCloseable {
    private final RocksDBKeyedStateBackend backend;
    private final ColumnFamilyHandle cf;
    private final TtlPolicy policy;
    /** The serializer of a whole list (list state), else null: the other cells are judged by their first 8 bytes. */
    private final TypeSerializer<Object> listSerializer;
    /** Where the steps are; null before the first step and after the end of the column family. */
    private RocksIterator iterator;

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

    /** Checks up to {@code entries} further entries; after the last one the next step starts again at the first. */
    void step(int entries) {
        long now = policy.now();
        try {
            if (iterator == null) {
                iterator = backend.db.newIterator(cf, backend.readOptions);
                iterator.seekToFirst();
            }
            for (; entries > 0 && iterator.isValid(); entries--) {
                if (isExpired(iterator.value(), now)) {
                    cleanCurrent(iterator.key(), now);
                }
                iterator.next();
            }
            if (!iterator.isValid()) {
                iterator.status(); // a read error ends an iteration as if at the end: fail instead
                reset();
            }
        } catch (RocksDBException e) {
            throw backend.failure("TTL cleanup", e);
        }
    }

    /** Checks every entry of the column family. */
    void fullPass() {
        long now = policy.now();
        try (RocksIterator it = backend.db.newIterator(cf, backend.readOptions)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                if (isExpired(it.value(), now)) {
                    cleanCurrent(it.key(), now);
                }
            }
            it.status();
        } catch (RocksDBException e) {
            throw backend.failure("TTL cleanup", e);
        }
    }

    /** Lets the next step open a new iterator (a snapshot is being taken, or the end was reached). */
    void reset() {
        if (iterator != null) {
            iterator.close();
            iterator = null;
        }
    }

    @Override
    public void close() {
        reset();
    }

    /** Whether the stored cell has anything expired: a single value by its first 8 bytes, a list by its elements. */
    private boolean isExpired(byte[] value, long now) {
        if (listSerializer == null) {
            return policy.expired(TtlSerializer.lastAccessOf(value), now);
        }
        Object list = readList(value);
        return policy.clean(list, now) != list;
    }

    /** Reads the entry's current value and removes it, or its expired elements, if they are still expired. */
    private void cleanCurrent(byte[] key, long now) throws RocksDBException {
        byte[] value = backend.db.get(cf, backend.readOptions, key);
        if (value == null) {
            return;
        }
        if (listSerializer == null) {
            if (policy.expired(TtlSerializer.lastAccessOf(value), now)) {
                backend.db.delete(cf, backend.writeOptions, key);
            }
            return;
        }
        Object list = readList(value);
        Object cleaned = policy.clean(list, now);
        if (cleaned == null) {
            backend.db.delete(cf, backend.writeOptions, key);
        } else if (cleaned != list) {
            try {
                ExposedBuffer buffer = new ExposedBuffer(value.length);
                listSerializer.serialize(cleaned, buffer.out);
                backend.db.put(cf, backend.writeOptions, key, 0, key.length, buffer.array(), 0, buffer.length());
            } catch (IOException e) {
                throw new UncheckedIOException("TTL cleanup cannot write a list of the RocksDB state", e);
            }
        }
    }

    private Object readList(byte[] value) {
        try {
            return listSerializer.deserialize(new DataInputStream(new ByteArrayInputStream(value)));
        } catch (IOException e) {
            throw new UncheckedIOException("TTL cleanup cannot read a list of the RocksDB state", e);
        }
    }
}
