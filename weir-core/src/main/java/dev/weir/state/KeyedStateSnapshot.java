package dev.weir.state;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.state.serialization.Serializers;
import dev.weir.state.serialization.VarInts;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A consistent image of one subtask's keyed state, taken by
 * {@link HeapKeyedStateBackend#snapshot()} and written by {@link #writeTo} on another thread.
 *
 * <p>File layout (inside the {@link StateFiles} envelope, kind 'K'):
 * <pre>
 * int firstKeyGroup, int lastKeyGroup
 * varint stateCount, then per state: string name, byte kind,
 *     per key group of the range: varint length, chunk (varint entries, then key and value each)
 * varint timerGroups, then per key group with timers: int keyGroup, varint length,
 *     chunk (varint timers, then each as {@link HeapTimerQueue#write} writes it)
 * </pre>
 * Each (state, key group) chunk is length-prefixed, so a restore at another parallelism copies the
 * chunks of the groups it owns without decoding the others.
 */
public final class KeyedStateSnapshot implements KeyedSnapshot {

    /**
     * One state's image: frozen tables per key group, or raw chunks carried over from a restore. A namespaced
     * state's entries (key, namespace → value) are written as map state: key → (namespace → value).
     */
    record StateImage(String name, KeyedStateKind kind, boolean namespaced, KeyGroupTable.Frozen[] groups,
                      TypeSerializer<Object> valueSerializer, Map<Integer, byte[]> rawChunks, ExpiredFilter expired) {
    }

    /**
     * Leaves expired values of a state with time-to-live out of the snapshot (full-snapshot cleanup): the
     * state's rules at the time the snapshot was taken. Pure: runs on the snapshot writer's thread.
     */
    record ExpiredFilter(dev.weir.state.ttl.TtlPolicy policy, long now) {
        Object clean(Object cell) {
            return policy.clean(cell, now);
        }
    }

    private final KeyGroupRange range;
    private final int maxParallelism;
    private final TypeSerializer<Object> keySerializer;
    private final List<StateImage> states;
    private final HeapTimerQueue.FrozenTimers timers;
    private final HeapTimerQueue timerFormat;

    KeyedStateSnapshot(KeyGroupRange range, int maxParallelism, TypeSerializer<Object> keySerializer,
                       List<StateImage> states, HeapTimerQueue.FrozenTimers timers, HeapTimerQueue timerFormat) {
        this.timerFormat = timerFormat;
        this.range = range;
        this.maxParallelism = maxParallelism;
        this.keySerializer = keySerializer;
        this.states = states;
        this.timers = timers;
    }

    @Override
    public KeyGroupRange keyGroupRange() {
        return range;
    }

    @Override
    public List<String> stateNames() {
        return states.stream().map(StateImage::name).toList();
    }

    @Override
    public boolean isEmpty() {
        if (!timers.isEmpty()) {
            return false;
        }
        for (StateImage state : states) {
            if (state.rawChunks() != null ? !state.rawChunks().isEmpty() : anyEntries(state.groups())) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyEntries(KeyGroupTable.Frozen[] groups) {
        for (KeyGroupTable.Frozen group : groups) {
            if (group.size() > 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public KeyedStateHandle write(SnapshotTarget target) throws IOException {
        Path file = target.privateFile("keyed");
        long bytes = writeTo(file);
        return new KeyedStateHandle(target.relativize(file), bytes, java.util.List.of(), bytes);
    }

    /** Writes the snapshot as a new file; returns its size. Any thread. */
    public long writeTo(Path file) throws IOException {
        return StateFiles.write(file, StateFiles.KIND_KEYED, out -> {
            out.writeInt(range.first());
            out.writeInt(range.last());
            VarInts.write(states.size(), out);
            ByteArrayOutputStream chunkBytes = new ByteArrayOutputStream(1 << 12);
            DataOutputStream chunk = new DataOutputStream(chunkBytes);
            for (StateImage state : states) {
                Serializers.writeString(state.name(), out);
                out.writeByte(state.kind().code);
                for (int group = range.first(); group <= range.last(); group++) {
                    if (state.rawChunks() != null) {
                        byte[] raw = state.rawChunks().get(group);
                        if (raw == null) {
                            VarInts.write(1, out);
                            out.writeByte(0);
                        } else {
                            VarInts.write(raw.length, out);
                            out.write(raw);
                        }
                        continue;
                    }
                    chunkBytes.reset();
                    writeGroup(state, state.groups()[group - range.first()], chunk);
                    chunk.flush();
                    VarInts.write(chunkBytes.size(), out);
                    chunkBytes.writeTo(out);
                }
            }
            Map<Integer, List<TimerQueue.Timer>> timersByGroup = new HashMap<>();
            timers.forEach(timer -> timersByGroup.computeIfAbsent(KeyGroups.keyGroupFor(timer.key(), maxParallelism),
                    g -> new ArrayList<>()).add(timer));
            VarInts.write(timersByGroup.size(), out);
            for (Map.Entry<Integer, List<TimerQueue.Timer>> group : timersByGroup.entrySet()) {
                chunkBytes.reset();
                VarInts.write(group.getValue().size(), chunk);
                for (TimerQueue.Timer timer : group.getValue()) {
                    timerFormat.write(timer, keySerializer, chunk);
                }
                chunk.flush();
                out.writeInt(group.getKey());
                VarInts.write(chunkBytes.size(), out);
                chunkBytes.writeTo(out);
            }
        });
    }

    /** One key group's chunk: varint entries, then key and value each (a namespaced state's values are maps). */
    private void writeGroup(StateImage state, KeyGroupTable.Frozen group, DataOutputStream chunk) throws IOException {
        TypeSerializer<Object> values = state.valueSerializer();
        if (!state.namespaced() && state.expired() != null) {
            List<Object> kept = new ArrayList<>(); // key, value, key, value...: the count comes first
            group.forEach((key, namespace, value) -> {
                Object cleaned = state.expired().clean(value);
                if (cleaned != null) {
                    kept.add(key);
                    kept.add(cleaned);
                }
            });
            VarInts.write(kept.size() / 2, chunk);
            for (int i = 0; i < kept.size(); i += 2) {
                keySerializer.serialize(kept.get(i), chunk);
                values.serialize(kept.get(i + 1), chunk);
            }
            return;
        }
        if (!state.namespaced()) {
            VarInts.write(group.size(), chunk);
            group.forEach((key, namespace, value) -> {
                keySerializer.serialize(key, chunk);
                values.serialize(value, chunk);
            });
            return;
        }
        Map<Object, Map<Object, Object>> byKey = new LinkedHashMap<>();
        group.forEach((key, namespace, value) -> byKey.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(namespace, value));
        VarInts.write(byKey.size(), chunk);
        for (Map.Entry<Object, Map<Object, Object>> entry : byKey.entrySet()) {
            keySerializer.serialize(entry.getKey(), chunk);
            values.serialize(entry.getValue(), chunk);
        }
    }

    /** One state's chunks in the canonical format, by key group: what another backend restores from. */
    public record CanonicalState(String name, KeyedStateKind kind, Map<Integer, byte[]> chunks) {
    }

    /**
     * Reads the key groups of {@code wanted} from keyed-state files in the canonical (heap) format, for
     * a backend other than the heap: per state its chunks (each: varint entries, then key and value as
     * the state's serializers write them), and every timer handed to {@code timers}.
     */
    public static Map<String, CanonicalState> readCanonical(List<Path> files, KeyGroupRange wanted,
                                                            TypeSerializer<Object> keySerializer,
                                                            dev.weir.state.serialization.Serializers serializers,
                                                            int maxParallelism,
                                                            java.util.function.Consumer<TimerQueue.Timer> timers)
            throws IOException {
        Map<String, HeapKeyedStateBackend.RestoredChunks> restored = new java.util.LinkedHashMap<>();
        HeapTimerQueue timerQueue = new HeapTimerQueue(serializers);
        for (Path file : files) {
            readInto(file, wanted, keySerializer, restored, timerQueue, maxParallelism);
        }
        timerQueue.freeze().forEach(timers);
        Map<String, CanonicalState> states = new java.util.LinkedHashMap<>();
        restored.forEach((name, chunks) -> states.put(name, new CanonicalState(name, chunks.kind(), chunks.chunks())));
        return states;
    }

    /**
     * Writes a keyed-state file in the canonical format from chunks another backend produced:
     * {@code states} (chunks by key group, each as {@link #readCanonical} gives them; a missing group
     * has no entries) and {@code timerChunks} (by key group: varint timers, then each as the heap
     * writes a timer: long timestamp, key, byte flags 1 = event time | 2 = namespace, namespace).
     * Returns the file's size. Any thread.
     */
    public static long writeCanonical(Path file, KeyGroupRange range, List<CanonicalState> states,
                                      Map<Integer, byte[]> timerChunks) throws IOException {
        return StateFiles.write(file, StateFiles.KIND_KEYED, out -> {
            out.writeInt(range.first());
            out.writeInt(range.last());
            VarInts.write(states.size(), out);
            for (CanonicalState state : states) {
                Serializers.writeString(state.name(), out);
                out.writeByte(state.kind().code);
                for (int group = range.first(); group <= range.last(); group++) {
                    byte[] chunk = state.chunks().get(group);
                    if (chunk == null) {
                        VarInts.write(1, out);
                        out.writeByte(0);
                    } else {
                        VarInts.write(chunk.length, out);
                        out.write(chunk);
                    }
                }
            }
            VarInts.write(timerChunks.size(), out);
            for (Map.Entry<Integer, byte[]> group : timerChunks.entrySet()) {
                out.writeInt(group.getKey());
                VarInts.write(group.getValue().length, out);
                out.write(group.getValue());
            }
        });
    }

    /**
     * Reads the key groups of {@code wanted} from a keyed-state file: state chunks into
     * {@code restored} (decoded later, when the state is registered), timers into {@code timers}.
     */
    static void readInto(Path file, KeyGroupRange wanted, TypeSerializer<Object> keySerializer,
                         Map<String, HeapKeyedStateBackend.RestoredChunks> restored, HeapTimerQueue timers,
                         int maxParallelism) throws IOException {
        DataInputStream in = StateFiles.read(file, StateFiles.KIND_KEYED);
        try {
            int first = in.readInt();
            int last = in.readInt();
            int stateCount = VarInts.readLength(in);
            for (int s = 0; s < stateCount; s++) {
                String name = Serializers.readString(in);
                KeyedStateKind kind = KeyedStateKind.of(in.readByte());
                HeapKeyedStateBackend.RestoredChunks chunks = restored.computeIfAbsent(name,
                        n -> new HeapKeyedStateBackend.RestoredChunks(kind, new HashMap<>()));
                if (chunks.kind() != kind) {
                    throw new IOException("state '" + name + "' has kind " + kind + " here and " + chunks.kind()
                            + " in another file of the same checkpoint");
                }
                for (int group = first; group <= last; group++) {
                    byte[] chunk = new byte[VarInts.readLength(in)];
                    in.readFully(chunk);
                    if (wanted.contains(group) && !(chunk.length == 1 && chunk[0] == 0)) {
                        chunks.chunks().put(group, chunk);
                    }
                }
            }
            int timerGroups = VarInts.readLength(in);
            for (int g = 0; g < timerGroups; g++) {
                int group = in.readInt();
                byte[] chunk = new byte[VarInts.readLength(in)];
                in.readFully(chunk);
                if (!wanted.contains(group)) {
                    continue;
                }
                DataInputStream timerIn = new DataInputStream(new java.io.ByteArrayInputStream(chunk));
                int count = VarInts.readLength(timerIn);
                for (int t = 0; t < count; t++) {
                    timers.add(timers.read(keySerializer, timerIn));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw StateFiles.unreadable(file, e);
        }
    }
}
