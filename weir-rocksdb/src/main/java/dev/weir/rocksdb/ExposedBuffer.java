package dev.weir.rocksdb;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;

/** A growable byte buffer whose array is handed to RocksDB with an offset and length, without copying. */
final class ExposedBuffer extends ByteArrayOutputStream {
    final DataOutputStream out = new DataOutputStream(this);

    ExposedBuffer(int size) {
        super(size);
    }

    byte[] array() {
        return buf;
    }

    int length() {
        return count;
    }
}
