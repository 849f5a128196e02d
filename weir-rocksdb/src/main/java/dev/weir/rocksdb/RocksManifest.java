package dev.weir.rocksdb;

import dev.weir.checkpoint.SubtaskStateHandle;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.KeyedStateKind;
import dev.weir.state.StateFiles;
import dev.weir.state.serialization.Serializers;
import dev.weir.state.serialization.TypeSchema;
import dev.weir.state.serialization.VarInts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a RocksDB snapshot of one subtask consists of: its key groups, its column families (one per
 * state, with the state's kind, and the timers' column family of kind TIMERS), the database files
 * with where each was stored. Each state's column family carries the {@link TypeSchema} of its values
 * (format version 3 on), so a restore with changed classes can migrate them. Written as a state file of kind 'R' (magic, version, CRC32C like every
 * state file). The CRC32C of each database file follows as a trailer.
 */
record RocksManifest(KeyGroupRange keyGroups, List<ColumnFamily> columnFamilies, List<DbFile> files) {
    /** Marks the trailer that holds each file's CRC32C, in the order of {@link #files}. */
    private static final byte TRAILER_CHECKSUMS = 'C';

    /**
     * One state's column family, with the schema of its values (null for the timers, and for states of
     * snapshots written before schemas were recorded, format version 2).
     */
    record ColumnFamily(String name, KeyedStateKind kind, TypeSchema schema) {
    }

    /**
     * One database file: its name in the database folder, where it is stored (relative to the
     * job's checkpoint directory), its size, whether it lives in {@code shared/}, and the CRC32C of
     * its content ({@link SubtaskStateHandle.SharedFile#NO_CHECKSUM} when unknown).
     */
    record DbFile(String localName, String storedAt, long bytes, boolean shared, long crc32c) {
        boolean hasChecksum() {
            return crc32c != SubtaskStateHandle.SharedFile.NO_CHECKSUM;
        }
    }

    long write(Path file) throws IOException {
        return StateFiles.write(file, StateFiles.KIND_ROCKSDB_MANIFEST, out -> {
            out.writeInt(keyGroups.first());
            out.writeInt(keyGroups.last());
            VarInts.write(columnFamilies.size(), out);
            for (ColumnFamily cf : columnFamilies) {
                Serializers.writeString(cf.name(), out);
                out.writeByte(cf.kind().code());
                out.writeBoolean(cf.schema() != null);
                if (cf.schema() != null) {
                    TypeSchema.write(cf.schema(), out);
                }
            }
            VarInts.write(files.size(), out);
            for (DbFile f : files) {
                Serializers.writeString(f.localName(), out);
                Serializers.writeString(f.storedAt(), out);
                out.writeLong(f.bytes());
                out.writeBoolean(f.shared());
            }
            out.writeByte(TRAILER_CHECKSUMS);
            for (DbFile f : files) {
                out.writeLong(f.crc32c());
            }
        });
    }

    static RocksManifest read(Path file) throws IOException {
        StateFiles.Input in = StateFiles.read(file, StateFiles.KIND_ROCKSDB_MANIFEST);
        try {
            KeyGroupRange range = new KeyGroupRange(in.readInt(), in.readInt());
            int cfCount = VarInts.readLength(in);
            List<ColumnFamily> cfs = new ArrayList<>();
            for (int i = 0; i < cfCount; i++) {
                String name = Serializers.readString(in);
                KeyedStateKind kind = KeyedStateKind.of(in.readByte());
                TypeSchema schema = in.version() >= StateFiles.VERSION_WITH_SCHEMAS && in.readBoolean()
                        ? TypeSchema.read(in) : null;
                cfs.add(new ColumnFamily(name, kind, schema));
            }
            int fileCount = VarInts.readLength(in);
            List<DbFile> files = new ArrayList<>();
            for (int i = 0; i < fileCount; i++) {
                files.add(new DbFile(Serializers.readString(in), Serializers.readString(in), in.readLong(),
                        in.readBoolean(), SubtaskStateHandle.SharedFile.NO_CHECKSUM));
            }
            if (in.available() > 0) { // the trailer of checksums
                byte trailer = in.readByte();
                if (trailer != TRAILER_CHECKSUMS) {
                    throw new IOException("unknown trailer " + trailer);
                }
                for (int i = 0; i < fileCount; i++) {
                    DbFile f = files.get(i);
                    files.set(i, new DbFile(f.localName(), f.storedAt(), f.bytes(), f.shared(), in.readLong()));
                }
            }
            return new RocksManifest(range, cfs, files);
        } catch (IOException | RuntimeException e) {
            throw StateFiles.unreadable(file, e);
        }
    }
}
