package dev.weir.rocksdb;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.state.AggregatingState;
import dev.weir.api.state.AggregatingStateDescriptor;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ReducingState;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.checkpoint.CheckpointException;
import dev.weir.checkpoint.UnreadableCheckpointException;
import dev.weir.checkpoint.CheckpointStorage;
import dev.weir.checkpoint.FileChecksums;
import dev.weir.checkpoint.SubtaskStateHandle;
import dev.weir.connector.FileOperationException;
import dev.weir.state.KeyGroupRange;
import dev.weir.state.KeyGroups;
import dev.weir.state.KeyedSnapshot;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.KeyedStateHandle;
import dev.weir.state.KeyedStateKind;
import dev.weir.state.NamespacedState;
import dev.weir.state.RestoredKeyedState;
import dev.weir.state.SnapshotTarget;
import dev.weir.state.TimerQueue;
import dev.weir.state.serialization.Serializers;
import dev.weir.state.serialization.VarInts;
import dev.weir.state.ttl.TtlPolicy;
import dev.weir.state.ttl.TtlStateFactory;
import dev.weir.state.ttl.TtlStorage;
import dev.weir.api.state.StateTtlConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Keyed state of one operator subtask in a RocksDB database of its own, one column family per
 * state. Keys are stored as {@code [key group: 2 bytes][key length][key bytes]}, map entries with
 * the map key appended, so that a key-group range can be read or deleted as one contiguous range.
 * Values are written with the state's serializer. The timers are one more column family, laid out
 * by {@link RocksDBTimerQueue} with the same key-group prefix, so restoring, clipping and copying
 * key groups treat them like any state. Single-threaded (task thread), except the
 * asynchronous part of snapshots, which touches only the checkpoint's own local folder.
 *
 * <p><b>Time-to-live</b> is the shared TTL layer ({@link TtlStateFactory}) over this backend's states; the
 * cleanup walks over the column families are {@link RocksTtlCleanup}'s.
 */
final class RocksDBKeyedStateBackend implements KeyedStateBackend {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RocksDBKeyedStateBackend.class);

    /** Names the process that owns a working folder, so a later process can remove it after a crash. */
    private static final String OWNER_FILE = "owner-pid";

    /** The file of a RocksDB folder that names its live MANIFEST; a folder without it is no database. */
    private static final String CURRENT = "CURRENT";

    static {
        RocksDB.loadLibrary();
    }

    /** Working folders left by processes that died (kill -9 skips the clean-up at job end). */
    private static void deleteFoldersOfDeadProcesses(Path workingDirectory) {
        if (!Files.isDirectory(workingDirectory)) {
            return;
        }
        try (Stream<Path> folders = Files.list(workingDirectory)) {
            for (Path folder : (Iterable<Path>) folders::iterator) {
                Path owner = folder.resolve(OWNER_FILE);
                if (!Files.isRegularFile(owner)) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(Files.readString(owner).trim());
                    if (ProcessHandle.of(pid).isEmpty()) {
                        deleteRecursively(folder);
                    }
                } catch (IOException | NumberFormatException e) {
                    // another process may be deleting it, or it is not ours: leave it
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot look for stale RocksDB folders in " + workingDirectory + ": " + e);
        }
    }

    private final RocksDBStateBackend.Settings settings;
    private final KeyGroupRange keyGroupRange;
    private final int maxParallelism;
    private final Serializers serializers;
    final TypeSerializer<Object> keySerializer;
    private final Path instanceDirectory;
    private final Path dbDirectory;
    private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
    /** Created on first use, after the restore (it loads the earliest timers of every key group). */
    private RocksDBTimerQueue timers;
    /** Timers per key group and time domain kept on the heap by {@link RocksDBTimerQueue}. */
    static final int TIMER_CACHE_PER_KEY_GROUP = 128;

    private final LRUCache blockCache;
    private final org.rocksdb.BloomFilter bloomFilter = new org.rocksdb.BloomFilter(10, false);
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions columnOptions;
    final WriteOptions writeOptions;
    final ReadOptions readOptions;
    RocksDB db;
    private final List<ColumnFamilyHandle> handlesToClose = new ArrayList<>();
    private final Map<String, Registered> states = new LinkedHashMap<>();
    private final List<RocksStates.SingleValue<?>> cachedStates = new ArrayList<>();
    private final Map<String, ColumnFamilyHandle> columnFamilies = new HashMap<>();
    private final Map<String, KeyedStateKind> restoredKinds = new HashMap<>();
    private boolean warnedUnregistered;
    /** Restored states in the canonical format, written into their column family when registered (task thread). */
    private final Map<String, dev.weir.state.KeyedStateSnapshot.CanonicalState> canonical = new HashMap<>();

    /** Local file name → where it is stored in shared/, for files of the last completed checkpoint. */
    private volatile Map<String, SubtaskStateHandle.SharedFile> confirmedUploads = Map.of();
    private final Map<Long, Map<String, SubtaskStateHandle.SharedFile>> uploadsByCheckpoint = new ConcurrentHashMap<>();
    /**
     * Snapshots whose local folder still exists, oldest first (task thread only). A snapshot may be
     * written more than once (a finished task's final snapshot is written for every later
     * checkpoint), so its folder is kept until a newer snapshot exists and it is not being written.
     */
    private final List<RocksSnapshot> localSnapshots = new ArrayList<>();
    /**
     * Local database file → the checkpoint file it was copied (or linked) from at restore, so that
     * RocksDB's own corruption errors, which name the local file, can name the checkpoint's file.
     */
    private final Map<Path, RestoredFile> restoredFiles = new ConcurrentHashMap<>();

    /** A checkpoint's file that a local database file came from; {@code checkpoint} is its {@code chk-<n>}. */
    private record RestoredFile(Path stored, boolean shared, Path jobDirectory, long checkpointId) {
    }

    private Object currentKey;
    /** The current key as stored: [key group][length][key bytes]; valid for {@link ExposedBuffer#length()}. */
    final ExposedBuffer currentKeyBytes = new ExposedBuffer(64);
    private boolean hasCurrentKey;
    private final ExposedBuffer keyBuffer = new ExposedBuffer(32);
    /** Reused for serialized values (the task thread only). */
    final ExposedBuffer valueBuffer = new ExposedBuffer(64);
    /** Reused for values read (grows when a value does not fit). */
    byte[] readBuffer = new byte[256];


    private record Registered(StateDescriptor descriptor, KeyedStateKind kind, Object handle) {
    }

    /** The clock of time-to-live: the task's processing time once {@link #useTtlClock} was called. */
    private java.util.function.LongSupplier ttlClock = System::currentTimeMillis;
    private final TtlStateFactory ttl = new TtlStateFactory(new TtlColumns(), () -> ttlClock.getAsLong());
    /** The cleanup walks of the states with time-to-live, by name. */
    private final Map<String, RocksTtlCleanup> ttlCleanups = new HashMap<>();
    /** Incremental cleanup steps run for every record (runCleanupForEveryRecord); empty mostly. */
    private final List<Runnable> cleanupPerRecord = new ArrayList<>();

    RocksDBKeyedStateBackend(RocksDBStateBackend.Settings settings, String operatorUid, int subtask,
                             KeyGroupRange keyGroupRange, int maxParallelism, Serializers serializers)
            throws IOException, RocksDBException {
        this.settings = settings;
        this.keyGroupRange = keyGroupRange;
        this.maxParallelism = maxParallelism;
        this.serializers = serializers;
        this.keySerializer = serializers.dynamic();
        this.instanceDirectory = settings.workingDirectory().resolve(
                operatorUid.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + subtask + "-" + instanceId);
        this.dbDirectory = instanceDirectory.resolve("db");
        deleteFoldersOfDeadProcesses(settings.workingDirectory());
        Files.createDirectories(instanceDirectory);
        Files.writeString(instanceDirectory.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
        this.blockCache = new LRUCache(settings.blockCacheBytes());
        this.dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(2).setMaxOpenFiles(-1).setUseFsync(false)
                // One writer (the task thread): no need for the concurrent memtable write path.
                .setAllowConcurrentMemtableWrite(false).setEnableWriteThreadAdaptiveYield(false);
        this.columnOptions = new ColumnFamilyOptions()
                .setCompressionType(org.rocksdb.CompressionType.LZ4_COMPRESSION)
                .setOptimizeFiltersForHits(false)
                .setWriteBufferSize(settings.writeBufferBytes())
                .setMaxWriteBufferNumber(settings.writeBufferCount())
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(blockCache)
                        .setFilterPolicy(bloomFilter));
        this.writeOptions = new WriteOptions().setDisableWAL(true); // durability comes from checkpoints
        this.readOptions = new ReadOptions();
    }

    // ---- opening the database (fresh or restored) ----

    private void openDatabase(List<RocksManifest.ColumnFamily> existing) throws RocksDBException {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnOptions));
        for (RocksManifest.ColumnFamily cf : existing) {
            descriptors.add(new ColumnFamilyDescriptor(cf.name().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    columnOptions));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        db = RocksDB.open(dbOptions, dbDirectory.toString(), descriptors, handles);
        handlesToClose.addAll(handles);
        for (int i = 0; i < existing.size(); i++) {
            columnFamilies.put(existing.get(i).name(), handles.get(i + 1));
            restoredKinds.put(existing.get(i).name(), existing.get(i).kind());
        }
    }

    private void ensureOpen() {
        if (db == null) {
            try {
                openDatabase(List.of());
            } catch (RocksDBException e) {
                throw new IllegalStateException("cannot open RocksDB in " + dbDirectory + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void restore(List<RestoredKeyedState> snapshots) throws Exception {
        if (snapshots.isEmpty()) {
            return;
        }
        if (snapshots.stream().anyMatch(s -> s.mainFile().getFileName().toString().endsWith(".keyed"))) {
            restoreCanonical(snapshots);
            return;
        }
        KeyGroupRange old = snapshots.size() == 1 ? RocksManifest.read(snapshots.get(0).mainFile()).keyGroups() : null;
        if (keyGroupRange.equals(old)) {
            restoreWhole(snapshots.get(0));
        } else if (old != null && settings.restoreByClipping() && old.first() <= keyGroupRange.first()
                && old.last() >= keyGroupRange.last()) {
            restoreClipped(snapshots.get(0), old);
        } else {
            restoreByKeyGroups(snapshots);
        }
    }

    /**
     * Keyed state in the canonical format (a savepoint, or the heap backend's checkpoint): the key
     * groups of this subtask's range are kept as chunks and written into each state's column family
     * when the state is registered (its serializers are needed to decode them); the timers go into
     * the timer column family now. The first snapshot afterwards is full.
     */
    private void restoreCanonical(List<RestoredKeyedState> snapshots) throws Exception {
        ensureOpen();
        List<TimerQueue.Timer> restoredTimers = new ArrayList<>();
        Map<String, dev.weir.state.KeyedStateSnapshot.CanonicalState> states =
                dev.weir.state.KeyedStateSnapshot.readCanonical(snapshots.stream().map(RestoredKeyedState::mainFile)
                        .toList(), keyGroupRange, keySerializer, serializers, maxParallelism, restoredTimers::add);
        for (dev.weir.state.KeyedStateSnapshot.CanonicalState state : states.values()) {
            if (state.kind().hasTtl()) {
                throw new IllegalStateException("state '" + state.name() + "' has time-to-live and was written by the "
                        + "heap backend: the RocksDB backend cannot restore it (moving state with time-to-live between "
                        + "backends is not supported yet); restore it with the heap backend (--state heap)");
            }
            restoredKinds.put(state.name(), state.kind());
        }
        canonical.putAll(states);
        if (!restoredTimers.isEmpty()) {
            TimerQueue queue = timers();
            restoredTimers.forEach(queue::add);
        }
    }

    /**
     * Scaling up, one old database holds all of this subtask's key groups: use its files as they
     * are and delete the key groups outside this subtask's range (range tombstones, cheap).
     */
    private void restoreClipped(RestoredKeyedState snapshot, KeyGroupRange old) throws Exception {
        RocksManifest manifest = readComplete(snapshot.mainFile());
        Map<String, SubtaskStateHandle.SharedFile> base = new HashMap<>();
        copyFiles(manifest, snapshot, dbDirectory, base);
        dbOptions.setCreateIfMissing(false); // the files must be a database: never start an empty one instead
        openRestored(manifest.columnFamilies());
        for (ColumnFamilyHandle cf : columnFamilies.values()) {
            if (old.first() < keyGroupRange.first()) {
                db.deleteRange(cf, writeOptions, keyGroupPrefix(old.first()), keyGroupPrefix(keyGroupRange.first()));
            }
            if (old.last() > keyGroupRange.last()) {
                db.deleteRange(cf, writeOptions, keyGroupPrefix(keyGroupRange.last() + 1), keyGroupPrefix(old.last() + 1));
            }
        }
        confirmedUploads = Map.copyOf(base); // the files are unchanged: still the incremental base
    }

    /** Same key groups as before: the database files are used as they are (and stay the incremental base). */
    private void restoreWhole(RestoredKeyedState snapshot) throws Exception {
        RocksManifest manifest = readComplete(snapshot.mainFile());
        Map<String, SubtaskStateHandle.SharedFile> base = new HashMap<>();
        copyFiles(manifest, snapshot, dbDirectory, base);
        dbOptions.setCreateIfMissing(false); // the files must be a database: never start an empty one instead
        openRestored(manifest.columnFamilies());
        confirmedUploads = Map.copyOf(base);
    }

    /**
     * Another parallelism: each old database is opened read-only and the key groups of this
     * subtask's range are copied into a fresh database; the first snapshot afterwards is full.
     */
    private void restoreByKeyGroups(List<RestoredKeyedState> snapshots) throws Exception {
        ensureOpen();
        for (RestoredKeyedState snapshot : snapshots) {
            RocksManifest manifest = readComplete(snapshot.mainFile());
            Path temp = instanceDirectory.resolve("restore-" + UUID.randomUUID());
            copyFiles(manifest, snapshot, temp, new HashMap<>());
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnOptions));
            for (RocksManifest.ColumnFamily cf : manifest.columnFamilies()) {
                descriptors.add(new ColumnFamilyDescriptor(cf.name().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        columnOptions));
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            try (RocksDB old = RocksDB.openReadOnly(dbOptions, temp.toString(), descriptors, handles)) {
                for (int i = 0; i < manifest.columnFamilies().size(); i++) {
                    RocksManifest.ColumnFamily cf = manifest.columnFamilies().get(i);
                    ColumnFamilyHandle target = columnFamily(cf.name(), cf.kind());
                    copyKeyGroups(old, handles.get(i + 1), target);
                }
            } catch (RocksDBException e) {
                throw failure("reading the restored database in " + temp, e);
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
                deleteRecursively(temp);
                restoredFiles.keySet().removeIf(local -> local.startsWith(temp));
            }
        }
    }

    /**
     * A snapshot's manifest, checked to name the database's CURRENT file: without it RocksDB would
     * open the folder as a new, empty database and the subtask would silently restart from nothing.
     */
    private static RocksManifest readComplete(Path mainFile) throws IOException {
        RocksManifest manifest = RocksManifest.read(mainFile);
        if (manifest.files().stream().noneMatch(f -> f.localName().equals(CURRENT))) {
            throw new IOException("the RocksDB snapshot " + mainFile + " lists no " + CURRENT + " file, so it is not a "
                    + "whole database (written while its local folder was being deleted?); restore an older checkpoint");
        }
        return manifest;
    }

    private void copyKeyGroups(RocksDB from, ColumnFamilyHandle source, ColumnFamilyHandle target)
            throws RocksDBException {
        byte[] start = keyGroupPrefix(keyGroupRange.first());
        byte[] end = keyGroupPrefix(keyGroupRange.last() + 1);
        try (RocksIterator it = from.newIterator(source); WriteBatch batch = new WriteBatch()) {
            for (it.seek(start); it.isValid() && compare(it.key(), end) < 0; it.next()) {
                batch.put(target, it.key(), it.value());
                if (batch.count() >= 10_000) {
                    db.write(writeOptions, batch);
                    batch.clear();
                }
            }
            it.status(); // an iterator stops at a read error (a corrupt block) as if at the end: fail instead
            db.write(writeOptions, batch);
        }
    }

    /** Opens the restored database, reporting corruption in terms of the checkpoint's files. */
    private void openRestored(List<RocksManifest.ColumnFamily> columnFamilies) {
        try {
            openDatabase(columnFamilies);
        } catch (RocksDBException e) {
            throw failure("opening the restored database in " + dbDirectory, e);
        }
    }

    /**
     * Brings a snapshot's files into {@code into}: a hard link where the working directory is on the
     * checkpoint's file system (no read: the shared files were verified, CRC32C included, when the
     * checkpoint was loaded), else a copy that checks each shared file's CRC32C in the same pass.
     * Records shared files (with their checksums) in {@code shared}.
     */
    private void copyFiles(RocksManifest manifest, RestoredKeyedState snapshot, Path into,
                           Map<String, SubtaskStateHandle.SharedFile> shared) throws IOException {
        Files.createDirectories(into);
        Path jobDirectory = snapshot.jobDirectory();
        long checkpointId = checkpointIdOf(snapshot);
        Map<String, SubtaskStateHandle.SharedFile> recorded = new HashMap<>();
        snapshot.sharedFiles().forEach(f -> recorded.put(f.path(), f));
        for (RocksManifest.DbFile f : manifest.files()) {
            Path source = jobDirectory.resolve(f.storedAt());
            String what = f.shared() ? "shared file " : "RocksDB file ";
            if (!Files.exists(source)) {
                throw corruptCheckpoint(jobDirectory, checkpointId, what + source + " of checkpoint " + checkpointId
                        + " is missing");
            }
            if (Files.size(source) != f.bytes()) {
                throw corruptCheckpoint(jobDirectory, checkpointId, what + source + " of checkpoint " + checkpointId
                        + " has " + Files.size(source) + " bytes, the checkpoint says " + f.bytes()
                        + ": truncated or replaced");
            }
            SubtaskStateHandle.SharedFile known = recorded.get(f.storedAt());
            // A shared file's checksum is in the checkpoint's metadata, and was verified when the
            // checkpoint was loaded; the others' (private files) is in the manifest.
            boolean verifiedAtLoad = known != null && known.hasChecksum();
            long crc = known != null && known.hasChecksum() ? known.crc32c() : f.crc32c();
            Path target = into.resolve(f.localName());
            Files.deleteIfExists(target);
            long actual;
            try {
                Files.createLink(target, source);
                // Nothing else reads the file at restore: read it once where its checksum is not verified
                // yet, or where it has none (a checkpoint of an older version) so that later ones record it.
                actual = verifiedAtLoad || !f.shared() && crc == SubtaskStateHandle.SharedFile.NO_CHECKSUM
                        ? crc : FileChecksums.crc32c(target);
            } catch (IOException | UnsupportedOperationException e) {
                try {
                    actual = FileChecksums.copy(source, target, false);
                } catch (IOException copyFailed) {
                    throw FileOperationException.of(FileOperationException.Operation.WRITE, target,
                            FileOperationException.Owner.LOCAL_STATE, copyFailed);
                }
            }
            if (crc != SubtaskStateHandle.SharedFile.NO_CHECKSUM && actual != crc) {
                throw corruptCheckpoint(jobDirectory, checkpointId, f.shared()
                        ? CheckpointStorage.corruptSharedFile(source, checkpointId, actual, crc)
                        : "RocksDB file " + source + " of checkpoint " + checkpointId + " is corrupt: its content has "
                        + "CRC32C " + FileChecksums.format(actual) + ", the checkpoint recorded "
                        + FileChecksums.format(crc) + " when it was written (damaged on disk, or changed since)");
            }
            crc = actual;
            restoredFiles.put(target.toAbsolutePath(), new RestoredFile(source, f.shared(), jobDirectory, checkpointId));
            if (f.shared()) {
                shared.put(f.localName(), new SubtaskStateHandle.SharedFile(f.storedAt(), f.bytes(), crc));
            }
        }
    }

    /** The id of the checkpoint a restored snapshot belongs to (its files live in {@code chk-<id>/}), or -1. */
    private static long checkpointIdOf(RestoredKeyedState snapshot) {
        Path relative = snapshot.jobDirectory().toAbsolutePath().relativize(snapshot.mainFile().toAbsolutePath());
        String first = relative.getName(0).toString();
        return first.matches("chk-\\d+") ? Long.parseLong(first.substring(4)) : -1;
    }

    /** A checkpoint that cannot be restored, with the refusal every unreadable completed checkpoint gets. */
    private static UnreadableCheckpointException corruptCheckpoint(Path jobDirectory, long checkpointId, String reason) {
        Path job = jobDirectory.toAbsolutePath();
        String message = checkpointId < 0 ? reason + ". Put the file back if you can, or restore another checkpoint"
                : new CheckpointStorage(job.getParent(), job.getFileName().toString())
                .unreadableCheckpointMessage(checkpointId, reason);
        return new UnreadableCheckpointException(message);
    }

    /**
     * A RocksDB error as the task reports it. A corruption RocksDB finds in a file it reads names
     * the local copy; where that file came from a checkpoint, the error names the checkpoint's file
     * and gets the refusal of an unreadable checkpoint (RocksDB checks each block's checksum as it
     * reads it, so this also catches damage in files restored from checkpoints without CRC32Cs).
     */
    RuntimeException failure(String operation, RocksDBException e) {
        String message = String.valueOf(e.getMessage());
        boolean corruption = e.getStatus() != null && e.getStatus().getCode() == org.rocksdb.Status.Code.Corruption
                || message.contains("Corruption");
        if (!corruption) {
            return new IllegalStateException("RocksDB " + operation + " failed: " + message, e);
        }
        for (Map.Entry<Path, RestoredFile> restored : restoredFiles.entrySet()) {
            if (message.contains(restored.getKey().toString())) {
                RestoredFile origin = restored.getValue();
                String reason = (origin.shared() ? "shared file " : "RocksDB file ") + origin.stored() + " of checkpoint "
                        + origin.checkpointId() + " is corrupt: RocksDB found it so in its local copy "
                        + restored.getKey() + " (" + message + ")";
                CheckpointException refusal = corruptCheckpoint(origin.jobDirectory(), origin.checkpointId(), reason);
                refusal.initCause(e);
                return refusal;
            }
        }
        return new IllegalStateException("RocksDB " + operation + " failed: " + message + " (corrupt data in the "
                + "local database " + dbDirectory + ", not in a file RocksDB names as one restored from a checkpoint: "
                + "the job restarts from its last checkpoint where its restart strategy allows; if this repeats, "
                + "check the disk of the working directory " + settings.workingDirectory() + ")", e);
    }

    // ---- current key ----

    @Override
    public void setCurrentKey(Object key) {
        if (key == null) {
            hasCurrentKey = false;
            currentKey = null;
            return;
        }
        setCurrentKeyOfGroup(key, KeyGroups.ownedKeyGroup(key, maxParallelism, keyGroupRange));
    }

    @Override
    public void setCurrentKey(Object key, int keyGroup) {
        if (!keyGroupRange.contains(keyGroup)) { // the partitioner's key group: this subtask must own it
            throw new IllegalStateException("key '" + key + "' comes with key group " + keyGroup
                    + ", outside this subtask's " + keyGroupRange + ": the partitioner and this operator disagree");
        }
        setCurrentKeyOfGroup(key, keyGroup);
    }

    private void setCurrentKeyOfGroup(Object key, int keyGroup) {
        try {
            keyBuffer.reset();
            keySerializer.serialize(key, keyBuffer.out); // first: a key that cannot be serialized changes nothing
            currentKeyBytes.reset();
            currentKeyBytes.out.writeShort(keyGroup);
            VarInts.write(keyBuffer.length(), currentKeyBytes.out);
            currentKeyBytes.write(keyBuffer.array(), 0, keyBuffer.length());
            currentKey = key;
            hasCurrentKey = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize key " + key, e);
        }
        for (int i = 0; i < cleanupPerRecord.size(); i++) {
            cleanupPerRecord.get(i).run();
        }
    }

    @Override
    public void useTtlClock(java.util.function.LongSupplier clock) {
        this.ttlClock = clock;
    }

    @Override
    public Object getCurrentKey() {
        return currentKey;
    }

    /** The current key's stored bytes, checked to exist. */
    ExposedBuffer currentKey() {
        if (!hasCurrentKey) {
            throw new IllegalStateException("keyed state used outside of a keyed record or timer: no current key");
        }
        return currentKeyBytes;
    }

    private static byte[] keyGroupPrefix(int keyGroup) {
        return new byte[] {(byte) (keyGroup >>> 8), (byte) keyGroup};
    }

    static int compare(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b);
    }

    @Override
    public KeyGroupRange getKeyGroupRange() {
        return keyGroupRange;
    }

    @Override
    public TimerQueue timers() {
        if (timers == null) {
            timers = new RocksDBTimerQueue(this, columnFamily(RocksDBTimerQueue.COLUMN_FAMILY, KeyedStateKind.TIMERS),
                    keyGroupRange, maxParallelism, keySerializer, serializers.dynamic(), TIMER_CACHE_PER_KEY_GROUP);
        }
        return timers;
    }

    // ---- state registration ----

    @Override
    public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
        if (TtlStateFactory.hasTtl(descriptor)) {
            return ttl.valueState(descriptor);
        }
        return register(descriptor, KeyedStateKind.VALUE, cf -> new RocksStates.Value<T>(this, cf,
                serializers.forState(descriptor.getStoredTypes().get(0), what(descriptor))));
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        if (TtlStateFactory.hasTtl(descriptor)) {
            return ttl.listState(descriptor);
        }
        return register(descriptor, KeyedStateKind.LIST, cf -> new RocksStates.List<T>(this, cf,
                Serializers.listOf(serializers.<T>forState(descriptor.getStoredTypes().get(0), what(descriptor)))));
    }

    @Override
    public <K, V> MapState<K, V> getMapState(MapStateDescriptor<K, V> descriptor) {
        if (TtlStateFactory.hasTtl(descriptor)) {
            return ttl.mapState(descriptor);
        }
        return register(descriptor, KeyedStateKind.MAP, cf -> new RocksStates.MapOf<K, V>(this, cf,
                serializers.forState(descriptor.getStoredTypes().get(0), what(descriptor)),
                serializers.forState(descriptor.getStoredTypes().get(1), what(descriptor))));
    }

    /** Laid out as the map state of {@code descriptor}, behind the value cache ({@link RocksStates.Namespaced}). */
    @Override
    public <N, V> NamespacedState<N, V> getNamespacedState(MapStateDescriptor<N, V> descriptor) {
        TtlStateFactory.refuseTtl(descriptor, "namespaced (window) state");
        return register(descriptor, KeyedStateKind.MAP, cf -> new RocksStates.Namespaced<N, V>(this, cf,
                serializers.forState(descriptor.getStoredTypes().get(0), what(descriptor)),
                serializers.forState(descriptor.getStoredTypes().get(1), what(descriptor))));
    }

    @Override
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
        if (TtlStateFactory.hasTtl(descriptor)) {
            return ttl.reducingState(descriptor);
        }
        return register(descriptor, KeyedStateKind.REDUCING, cf -> new RocksStates.Reducing<T>(this, cf,
                serializers.forState(descriptor.getStoredTypes().get(0), what(descriptor)),
                descriptor.getReduceFunction()));
    }

    @Override
    public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(
            AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        if (TtlStateFactory.hasTtl(descriptor)) {
            return ttl.aggregatingState(descriptor);
        }
        return register(descriptor, KeyedStateKind.AGGREGATING, cf -> new RocksStates.Aggregating<IN, ACC, OUT>(this, cf,
                serializers.forState(descriptor.getStoredTypes().get(0), what(descriptor)),
                descriptor.getAggregateFunction()));
    }

    /** Registers the states of the TTL layer: values stored as {@link dev.weir.state.ttl.TtlValue}s, kinds marked TTL. */
    private final class TtlColumns implements TtlStorage {
        @Override
        public Serializers serializers() {
            return serializers;
        }

        @Override
        public <T> ValueState<T> ttlValueState(ValueStateDescriptor<T> raw, TtlPolicy policy) {
            return registerTtl(raw, KeyedStateKind.TTL_VALUE, policy, null, cf -> new RocksStates.Value<T>(
                    RocksDBKeyedStateBackend.this, cf, serializers.forState(raw.getStoredTypes().get(0), what(raw))));
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> ListState<T> ttlListState(ListStateDescriptor<T> raw, TtlPolicy policy) {
            TypeSerializer<java.util.List<T>> lists =
                    Serializers.listOf(serializers.<T>forState(raw.getStoredTypes().get(0), what(raw)));
            return registerTtl(raw, KeyedStateKind.TTL_LIST, policy,
                    (TypeSerializer<Object>) (TypeSerializer<?>) lists,
                    cf -> new RocksStates.List<T>(RocksDBKeyedStateBackend.this, cf, lists));
        }

        @Override
        public <K, V> MapState<K, V> ttlMapState(MapStateDescriptor<K, V> raw, TtlPolicy policy) {
            return registerTtl(raw, KeyedStateKind.TTL_MAP, policy, null, cf -> new RocksStates.MapOf<K, V>(
                    RocksDBKeyedStateBackend.this, cf, serializers.forState(raw.getStoredTypes().get(0), what(raw)),
                    serializers.forState(raw.getStoredTypes().get(1), what(raw))));
        }

        @Override
        public <T> ReducingState<T> ttlReducingState(ReducingStateDescriptor<T> raw, TtlPolicy policy) {
            return registerTtl(raw, KeyedStateKind.TTL_REDUCING, policy, null, cf -> new RocksStates.Reducing<T>(
                    RocksDBKeyedStateBackend.this, cf, serializers.forState(raw.getStoredTypes().get(0), what(raw)),
                    raw.getReduceFunction()));
        }

        @Override
        public <IN, ACC, OUT> AggregatingState<IN, OUT> ttlAggregatingState(
                AggregatingStateDescriptor<IN, ACC, OUT> raw, TtlPolicy policy) {
            return registerTtl(raw, KeyedStateKind.TTL_AGGREGATING, policy, null,
                    cf -> new RocksStates.Aggregating<IN, ACC, OUT>(RocksDBKeyedStateBackend.this, cf,
                            serializers.forState(raw.getStoredTypes().get(0), what(raw)), raw.getAggregateFunction()));
        }

        @Override
        public Runnable incrementalCleanup(String stateName, int entries) {
            RocksTtlCleanup cleanup = ttlCleanups.get(stateName);
            return () -> cleanup.step(entries);
        }
    }

    private <S> S registerTtl(StateDescriptor raw, KeyedStateKind kind, TtlPolicy policy,
                              TypeSerializer<Object> listSerializer, Function<ColumnFamilyHandle, S> create) {
        S handle = register(raw, kind, create);
        String name = raw.getName();
        if (!ttlCleanups.containsKey(name)) {
            RocksTtlCleanup cleanup = new RocksTtlCleanup(this, columnFamilies.get(name), policy, listSerializer);
            ttlCleanups.put(name, cleanup);
            StateTtlConfig.IncrementalCleanupStrategy incremental =
                    policy.config().getCleanupStrategies().getIncrementalCleanupStrategy();
            if (incremental != null && incremental.runCleanupForEveryRecord()) {
                cleanupPerRecord.add(() -> cleanup.step(incremental.getCleanupSize()));
            }
        }
        return handle;
    }

    /**
     * Whether the expired entries of a state are removed when a snapshot is taken: full-snapshot cleanup (the
     * database files are the checkpoint, so they cannot be filtered while written), or Flink's compaction-filter
     * strategy set explicitly, which plain rocksdbjni cannot run.
     */
    private static boolean cleansAtSnapshot(TtlPolicy policy) {
        StateTtlConfig.CleanupStrategies strategies = policy.config().getCleanupStrategies();
        return strategies.inFullSnapshot() || policy.compactFilterSetExplicitly();
    }

    private static String what(StateDescriptor descriptor) {
        return "keyed state '" + descriptor.getName() + "'";
    }

    @SuppressWarnings("unchecked")
    private <S> S register(StateDescriptor descriptor, KeyedStateKind kind, Function<ColumnFamilyHandle, S> create) {
        String name = descriptor.getName();
        if (name.equals(RocksDBTimerQueue.COLUMN_FAMILY)) {
            throw new IllegalArgumentException("the state name '" + name + "' is where the RocksDB backend keeps the "
                    + "operator's timers; give " + descriptor + " another name");
        }
        Registered existing = states.get(name);
        if (existing != null) {
            if (existing.kind() != kind || !existing.descriptor().toString().equals(descriptor.toString())) {
                throw new IllegalStateException("state '" + name + "' is already registered as "
                        + existing.descriptor() + "; use another name for " + descriptor);
            }
            return (S) existing.handle();
        }
        S handle = create.apply(columnFamily(name, kind));
        states.put(name, new Registered(descriptor, kind, handle));
        fillCanonical(descriptor, kind);
        return handle;
    }

    /** Writes a state restored in the canonical format into its column family, decoded with its serializers. */
    @SuppressWarnings("unchecked")
    private void fillCanonical(StateDescriptor descriptor, KeyedStateKind kind) {
        dev.weir.state.KeyedStateSnapshot.CanonicalState restored = canonical.remove(descriptor.getName());
        if (restored == null) {
            return;
        }
        String what = what(descriptor);
        List<StateDescriptor.StoredType> stored = descriptor.getStoredTypes();
        TypeSerializer<Object> first = serializers.forState(stored.get(0), what);
        TypeSerializer<Object> mapKeys = kind.withoutTtl() == KeyedStateKind.MAP ? first : null;
        TypeSerializer<Object> values = kind.withoutTtl() == KeyedStateKind.MAP ? serializers.forState(stored.get(1), what)
                : kind.withoutTtl() == KeyedStateKind.LIST
                ? (TypeSerializer<Object>) (TypeSerializer<?>) Serializers.listOf(first) : first;
        try {
            RocksCanonicalFormat.fill(db, writeOptions, columnFamilies.get(descriptor.getName()), restored, keySerializer,
                    mapKeys, values);
        } catch (IOException | RocksDBException | RuntimeException e) {
            throw new IllegalStateException("cannot restore keyed state '" + descriptor.getName() + "' from the "
                    + "canonical format: " + e.getMessage() + " (did the state's type change?)", e);
        }
    }

    private ColumnFamilyHandle columnFamily(String name, KeyedStateKind kind) {
        ensureOpen();
        KeyedStateKind restoredKind = restoredKinds.get(name);
        if (restoredKind != null && restoredKind != kind) {
            throw new IllegalStateException(KeyedStateKind.restoreMismatch(name, restoredKind, kind));
        }
        restoredKinds.put(name, kind);
        return columnFamilies.computeIfAbsent(name, n -> {
            try {
                ColumnFamilyHandle handle = db.createColumnFamily(new ColumnFamilyDescriptor(
                        n.getBytes(java.nio.charset.StandardCharsets.UTF_8), columnOptions));
                handlesToClose.add(handle);
                return handle;
            } catch (RocksDBException e) {
                throw new IllegalStateException("cannot create column family for state '" + n + "': " + e, e);
            }
        });
    }

    @Override
    public long countKeys(String stateName) {
        flushCaches();
        ColumnFamilyHandle cf = columnFamilies.get(stateName);
        if (cf == null) {
            return 0;
        }
        boolean map = restoredKinds.get(stateName).withoutTtl() == KeyedStateKind.MAP;
        long count = 0;
        byte[] previous = null;
        try (RocksIterator it = db.newIterator(cf)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                if (!map) {
                    count++;
                    continue;
                }
                // A map has one entry per map key: count the distinct [key group][length][key] prefixes.
                byte[] key = it.key();
                int prefix = keyPrefixLength(key);
                if (previous == null || !java.util.Arrays.equals(previous, 0, previous.length, key, 0, prefix)) {
                    previous = java.util.Arrays.copyOf(key, prefix);
                    count++;
                }
            }
        }
        return count;
    }

    @Override
    public List<Object> keys(String stateName) {
        flushCaches();
        ColumnFamilyHandle cf = columnFamilies.get(stateName);
        if (cf == null) {
            return List.of();
        }
        // Entries of one key are adjacent (their stored keys start with [key group][length][key]):
        // take each distinct prefix once and read the key from it.
        List<Object> keys = new java.util.ArrayList<>();
        byte[] previous = null;
        try (RocksIterator it = db.newIterator(cf)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] stored = it.key();
                int prefix = keyPrefixLength(stored);
                if (previous != null && java.util.Arrays.equals(previous, 0, previous.length, stored, 0, prefix)) {
                    continue;
                }
                previous = java.util.Arrays.copyOf(stored, prefix);
                java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(stored, 2,
                        prefix - 2));
                dev.weir.state.serialization.VarInts.readLength(in);
                keys.add(keySerializer.deserialize(in));
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the keys of state '" + stateName + "' in " + this + ": "
                    + e.getMessage(), e);
        }
        return keys;
    }

    /** Length of the {@code [key group: 2][length: varint][key]} part of a stored key. */
    private static int keyPrefixLength(byte[] stored) {
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

    int valueCacheEntries() {
        return settings.valueCacheEntries();
    }

    void registerCachedState(RocksStates.SingleValue<?> state) {
        cachedStates.add(state);
    }

    /** Writes every cached dirty value to RocksDB. */
    private void flushCaches() {
        for (RocksStates.SingleValue<?> state : cachedStates) {
            state.flush();
        }
    }

    // ---- snapshots ----

    @Override
    public KeyedSnapshot snapshot(long checkpointId) throws Exception {
        ensureOpen();
        if (!canonical.isEmpty() && !warnedUnregistered) {
            warnedUnregistered = true; // they need their serializers to be written into RocksDB: registration
            LOG.warn("keyed state(s) {} restored in the canonical format were not registered before checkpoint {}: "
                    + "the RocksDB backend cannot hold them until the operator registers them, so checkpoints taken "
                    + "before that do not contain them", canonical.keySet(), checkpointId);
        }
        flushCaches(); // the checkpoint must see every write
        for (RocksTtlCleanup cleanup : ttlCleanups.values()) {
            cleanup.reset(); // an open iterator would pin the files it reads; the next step opens a new one
            if (cleansAtSnapshot(cleanup.policy())) {
                cleanup.fullPass();
            }
        }
        Path local = instanceDirectory.resolve("chk-" + checkpointId + "-" + UUID.randomUUID().toString().substring(0, 4));
        try (Checkpoint checkpoint = Checkpoint.create(db)) {
            checkpoint.createCheckpoint(local.toString()); // flushes the memtables; hard links the SST files
        } catch (RocksDBException e) {
            throw failure("snapshot", e);
        }
        List<RocksManifest.ColumnFamily> cfs = new ArrayList<>();
        restoredKinds.forEach((name, kind) -> {
            if (columnFamilies.containsKey(name)) {
                cfs.add(new RocksManifest.ColumnFamily(name, kind));
            }
        });
        // The timers are in their column family, in the database files like every state.
        RocksSnapshot snapshot = new RocksSnapshot(checkpointId, local, List.copyOf(cfs),
                settings.incremental() ? confirmedUploads : Map.of());
        localSnapshots.add(snapshot);
        return snapshot;
    }

    /** The image of one checkpoint: a RocksDB checkpoint folder plus what to upload. */
    private final class RocksSnapshot implements KeyedSnapshot {
        private final long checkpointId;
        private final Path local;
        private final List<RocksManifest.ColumnFamily> columnFamilies;
        private final Map<String, SubtaskStateHandle.SharedFile> base;
        /**
         * Writes of this snapshot in progress, or {@link #DELETED} once its local folder is being
         * deleted: a write and the deletion exclude each other, so a write never lists a folder that
         * is half gone (an image without some files, e.g. without CURRENT, restores as an empty database).
         */
        private final java.util.concurrent.atomic.AtomicInteger writing = new java.util.concurrent.atomic.AtomicInteger();
        /** A write has ended (well or not); task thread reads it to decide whether the folder may go. */
        private volatile boolean writeEnded;
        /** Its checkpoint was aborted, or a newer one completed: no write of it can make a checkpoint (task thread). */
        private boolean obsolete;
        /** Where earlier writes put the files that are not shared with the base, newest first. */
        private final java.util.concurrent.ConcurrentLinkedDeque<Map<String, StoredFile>> earlierWrites =
                new java.util.concurrent.ConcurrentLinkedDeque<>();

        @Override
        public List<String> stateNames() {
            return columnFamilies.stream().filter(cf -> cf.kind() != KeyedStateKind.TIMERS)
                    .map(RocksManifest.ColumnFamily::name).toList();
        }

        RocksSnapshot(long checkpointId, Path local, List<RocksManifest.ColumnFamily> columnFamilies,
                      Map<String, SubtaskStateHandle.SharedFile> base) {
            this.checkpointId = checkpointId;
            this.local = local;
            this.columnFamilies = columnFamilies;
            this.base = base;
        }

        @Override
        public KeyGroupRange keyGroupRange() {
            return keyGroupRange;
        }

        @Override
        public boolean isEmpty() {
            return columnFamilies.isEmpty();
        }

        @Override
        public KeyedStateHandle write(SnapshotTarget target) throws IOException {
            boolean folder = startWrite();
            try {
                if (target.canonical() && folder
                        && columnFamilies.stream().noneMatch(cf -> cf.kind().hasTtl())) {
                    return writeCanonical(target);
                }
                return writeFiles(target, folder);
            } finally {
                if (folder) {
                    writing.decrementAndGet();
                }
                writeEnded = true;
            }
        }

        /** Counts a write in; false when the local folder is deleted (or being deleted) and must not be read. */
        private boolean startWrite() {
            while (true) {
                int current = writing.get();
                if (current == DELETED) {
                    return false;
                }
                if (writing.compareAndSet(current, current + 1)) {
                    return true;
                }
            }
        }

        /**
         * Writes this snapshot in the canonical format (a savepoint): opens its local folder read-only
         * and turns each column family into the heap's chunks (see {@link RocksCanonicalFormat}).
         */
        private KeyedStateHandle writeCanonical(SnapshotTarget target) throws IOException {
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnOptions));
            for (RocksManifest.ColumnFamily cf : columnFamilies) {
                descriptors.add(new ColumnFamilyDescriptor(cf.name().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        columnOptions));
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            Path logs = instanceDirectory.resolve("canonical-log-" + UUID.randomUUID());
            try (DBOptions options = new DBOptions().setDbLogDir(logs.toString());
                 RocksDB snapshot = RocksDB.openReadOnly(options, local.toString(), descriptors, handles)) {
                List<dev.weir.state.KeyedStateSnapshot.CanonicalState> states = new ArrayList<>();
                Map<Integer, byte[]> timerChunks = Map.of();
                for (int i = 0; i < columnFamilies.size(); i++) {
                    RocksManifest.ColumnFamily cf = columnFamilies.get(i);
                    ColumnFamilyHandle handle = handles.get(i + 1);
                    if (cf.kind() == KeyedStateKind.TIMERS) {
                        timerChunks = RocksCanonicalFormat.timerChunks(snapshot, handle);
                    } else {
                        states.add(new dev.weir.state.KeyedStateSnapshot.CanonicalState(cf.name(), cf.kind(),
                                cf.kind() == KeyedStateKind.MAP ? RocksCanonicalFormat.mapChunks(snapshot, handle)
                                        : RocksCanonicalFormat.valueChunks(snapshot, handle)));
                    }
                }
                Path file = target.privateFile("keyed");
                Files.createDirectories(file.getParent());
                long bytes = dev.weir.state.KeyedStateSnapshot.writeCanonical(file, keyGroupRange, states, timerChunks);
                return new KeyedStateHandle(target.relativize(file), bytes, List.of(), bytes);
            } catch (RocksDBException e) {
                throw new IOException("cannot read the RocksDB snapshot " + local + " of checkpoint " + checkpointId
                        + " to write it in the canonical format: " + e.getMessage(), e);
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
                deleteRecursively(logs);
            }
        }

        /** Claims the local folder for deletion; false while a write is reading it. */
        boolean claimForDeletion() {
            return writing.compareAndSet(0, DELETED) || writing.get() == DELETED;
        }

        private KeyedStateHandle writeFiles(SnapshotTarget target, boolean folder) throws IOException {
            List<RocksManifest.DbFile> files = new ArrayList<>();
            List<SubtaskStateHandle.SharedFile> shared = new ArrayList<>();
            Map<String, SubtaskStateHandle.SharedFile> uploads = new HashMap<>();
            Map<String, StoredFile> stored = new java.util.TreeMap<>();
            long written = 0;
            Path privateDir = target.privateFile("rocksdb");
            for (Map.Entry<String, StoredFile> source : sources(folder).entrySet()) {
                String name = source.getKey();
                long size = source.getValue().bytes();
                if (name.endsWith(".sst") && settings.incremental()) {
                    SubtaskStateHandle.SharedFile known = base.get(name);
                    if (known != null && !Files.exists(target.resolve(known.path()))) {
                        known = null; // the base lives in another checkpoint directory (restored from elsewhere)
                    }
                    if (known == null) {
                        // Named after this snapshot: files uploaded for an aborted checkpoint are never
                        // taken for uploads of a later one (the registry may delete them at any time).
                        Path upload = target.sharedDirectory().resolve(instanceId + "-" + checkpointId + "-" + name);
                        Files.createDirectories(upload.getParent());
                        long crc = copy(source.getValue(), upload);
                        known = new SubtaskStateHandle.SharedFile(target.relativize(upload), size, crc);
                        written += size;
                        stored.put(name, new StoredFile(upload, size, crc));
                    } else {
                        stored.put(name, new StoredFile(null, size, known.crc32c())); // in the base: nothing to copy
                    }
                    uploads.put(name, known);
                    shared.add(known);
                    files.add(new RocksManifest.DbFile(name, known.path(), size, true, known.crc32c()));
                } else {
                    Path copy = privateDir.resolve(name);
                    Files.createDirectories(privateDir);
                    long crc = copy(source.getValue(), copy);
                    written += size;
                    stored.put(name, new StoredFile(copy, size, crc));
                    files.add(new RocksManifest.DbFile(name, target.relativize(copy), size, false, crc));
                }
            }
            Path manifestFile = target.privateFile("rocks");
            long manifestBytes = new RocksManifest(keyGroupRange, columnFamilies, files).write(manifestFile);
            uploadsByCheckpoint.put(checkpointId, uploads);
            earlierWrites.addFirst(stored);
            return new KeyedStateHandle(target.relativize(manifestFile), manifestBytes, shared, written + manifestBytes);
        }

        /**
         * The files to write: the copies an earlier write of this snapshot made, if one is still
         * intact (a finished task's final snapshot is written again for later checkpoints, also
         * after its backend was closed and the local folder deleted), else the local folder.
         */
        private Map<String, StoredFile> sources(boolean folder) throws IOException {
            for (java.util.Iterator<Map<String, StoredFile>> it = earlierWrites.iterator(); it.hasNext(); ) {
                Map<String, StoredFile> earlier = it.next();
                boolean intact = true;
                for (StoredFile f : earlier.values()) {
                    intact &= f.path() == null || Files.isRegularFile(f.path()) && Files.size(f.path()) == f.bytes();
                }
                if (intact) {
                    return earlier;
                }
                it.remove(); // its checkpoint was discarded
            }
            Map<String, StoredFile> sources = new java.util.TreeMap<>();
            if (!folder || !Files.isDirectory(local)) {
                throw new IOException("the local snapshot " + local + " of checkpoint " + checkpointId
                        + " is gone and no earlier copy of it is intact");
            }
            try (Stream<Path> list = Files.list(local)) {
                for (Path file : (Iterable<Path>) list.filter(Files::isRegularFile)::iterator) {
                    sources.put(file.getFileName().toString(), new StoredFile(file, Files.size(file),
                            SubtaskStateHandle.SharedFile.NO_CHECKSUM));
                }
            }
            requireWholeDatabase(sources);
            return sources;
        }

        /** The folder holds CURRENT and the MANIFEST it names, as every RocksDB checkpoint does. */
        private void requireWholeDatabase(Map<String, StoredFile> sources) throws IOException {
            StoredFile current = sources.get(CURRENT);
            String manifest = current == null ? null : Files.readString(current.path()).trim();
            if (manifest == null || !sources.containsKey(manifest)) {
                throw new IOException("the local snapshot " + local + " of checkpoint " + checkpointId + " is incomplete ("
                        + (current == null ? "no " + CURRENT : "no " + manifest + " named by " + CURRENT)
                        + "): not written");
            }
        }
    }

    /** {@link RocksSnapshot#writing} once the snapshot's local folder is deleted. */
    private static final int DELETED = -1;

    /**
     * A file of a snapshot where a write put it (or in the local folder; null: in the base), with its
     * size and CRC32C ({@link SubtaskStateHandle.SharedFile#NO_CHECKSUM} until a copy computed it).
     */
    private record StoredFile(Path path, long bytes, long crc32c) {
    }

    /**
     * Copies a file durably: to a temporary name, fsync, then an atomic rename, so a reader (or a
     * concurrent writer of the same upload) never sees a partial file, and the checkpoint's metadata
     * is never durable before the files it names. Returns the CRC32C of the content, computed in the
     * same pass as the copy.
     */
    private static long copy(StoredFile from, Path to) throws IOException {
        if (Files.exists(to) && Files.size(to) == from.bytes()) {
            // An identical upload (same database file) is already there: a write of this snapshot again.
            return from.crc32c() != SubtaskStateHandle.SharedFile.NO_CHECKSUM ? from.crc32c()
                    : FileChecksums.crc32c(to);
        }
        Path temp = to.resolveSibling("." + to.getFileName() + "." + UUID.randomUUID() + ".tmp");
        FileOperationException.Operation operation = FileOperationException.Operation.WRITE;
        try {
            long crc = FileChecksums.copy(from.path(), temp, true); // written and fsynced
            operation = FileOperationException.Operation.RENAME;
            Files.move(temp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return crc;
        } catch (IOException e) {
            throw FileOperationException.of(operation, operation == FileOperationException.Operation.RENAME ? to : temp,
                    FileOperationException.Owner.CHECKPOINTS, e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Deletes the local folders of snapshots that a newer one supersedes and that no write needs
     * any more: written already (only a finished task's final snapshot, always the newest, is
     * written again), or of a checkpoint that was aborted or subsumed. A snapshot whose write has
     * not started yet stays: its writer may be queued behind other tasks' writes.
     */
    @Override
    public void release() {
        for (int i = 0; i < localSnapshots.size() - 1; i++) {
            RocksSnapshot snapshot = localSnapshots.get(i);
            if ((snapshot.writeEnded || snapshot.obsolete) && snapshot.claimForDeletion()) {
                try {
                    deleteRecursively(snapshot.local);
                } catch (IOException e) {
                    LOG.warn("cannot delete local snapshot " + snapshot.local + ": " + e);
                }
                localSnapshots.remove(i--);
            }
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        for (RocksSnapshot snapshot : localSnapshots) {
            snapshot.obsolete |= snapshot.checkpointId < checkpointId; // subsumed: can no longer complete
        }
        Map<String, SubtaskStateHandle.SharedFile> uploads = uploadsByCheckpoint.remove(checkpointId);
        if (uploads != null) {
            confirmedUploads = Map.copyOf(uploads);
        }
        uploadsByCheckpoint.keySet().removeIf(id -> id < checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) {
        for (RocksSnapshot snapshot : localSnapshots) {
            snapshot.obsolete |= snapshot.checkpointId == checkpointId;
        }
        uploadsByCheckpoint.remove(checkpointId);
    }

    @Override
    public void close() {
        ttlCleanups.values().forEach(RocksTtlCleanup::close);
        ttlCleanups.clear();
        handlesToClose.forEach(ColumnFamilyHandle::close);
        handlesToClose.clear();
        if (db != null) {
            db.close();
            db = null;
        }
        writeOptions.close();
        readOptions.close();
        columnOptions.close();
        dbOptions.close();
        blockCache.close();
        bloomFilter.close();
        claimLocalSnapshots();
        try {
            deleteRecursively(instanceDirectory);
        } catch (IOException e) {
            LOG.warn("cannot delete RocksDB working folder " + instanceDirectory + ": " + e);
        }
    }

    /**
     * Before the working folder goes: claims every local snapshot folder, waiting for writes that
     * are reading one (a failed task closes while its writer may still copy; a copy takes
     * milliseconds). Later writes of a final snapshot use the copies of earlier writes.
     */
    private void claimLocalSnapshots() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        for (RocksSnapshot snapshot : localSnapshots) {
            while (!snapshot.claimForDeletion()) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("a write of the local snapshot {} did not end in 30 s; deleting it anyway", snapshot.local);
                    break;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        }
        localSnapshots.clear();
    }

    static void deleteRecursively(Path dir) throws IOException {
        try {
            dev.weir.state.LocalFiles.deleteRecursively(dir);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    // ---- serialization helpers for the state handles ----

    /** Serializes into {@link #valueBuffer} (reused: consume before the next call). */
    ExposedBuffer serialize(TypeSerializer<Object> serializer, Object value) {
        try {
            valueBuffer.reset();
            serializer.serialize(value, valueBuffer.out);
            return valueBuffer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize state value " + value, e);
        }
    }

    static Object deserialize(TypeSerializer<Object> serializer, byte[] bytes) {
        return deserialize(serializer, bytes, 0, bytes.length);
    }

    static Object deserialize(TypeSerializer<Object> serializer, byte[] bytes, int offset, int length) {
        try {
            return serializer.deserialize(new DataInputStream(new ByteArrayInputStream(bytes, offset, length)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read state value (did its type change?)", e);
        }
    }
}
