package dev.weir.state;

import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.state.ListState;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.OperatorStateStore;
import dev.weir.state.serialization.Serializers;
import dev.weir.state.serialization.VarInts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operator (non-keyed) state of one subtask: named lists, such as a source's positions, and
 * broadcast states (key-value maps every subtask holds a copy of, {@link BroadcastStates}).
 *
 * <p>On restore with another parallelism, {@link Mode#SPLIT} lists are redistributed: the
 * elements of all old subtasks, in subtask order, are dealt round-robin to the new subtasks (with
 * the same parallelism each subtask gets its own elements back). {@link Mode#UNION} lists are
 * handed whole to every subtask. {@link Mode#BROADCAST} states (one element per entry: the key's bytes,
 * then the value's) are restored to every new subtask from old subtask 0 (the first that has one):
 * the copies are equal, so one is enough. Snapshots copy the lists (they are small by design); elements are
 * serialized each on its own, so redistribution never needs to decode them.
 */
public final class OperatorStateBackend implements OperatorStateStore {

    /** How a list is redistributed on restore. */
    public enum Mode { SPLIT, UNION, BROADCAST }

    private record Registered(Mode mode, ListStateDescriptor<?> descriptor, List<Object> list,
                              TypeSerializer<Object> serializer) {
    }

    /** A list as serialized elements, for restore and for lists never registered again. */
    public record RawList(Mode mode, List<byte[]> elements) {
    }

    private final Serializers serializers;
    private final Map<String, Registered> states = new LinkedHashMap<>();
    private final Map<String, RawList> restored = new LinkedHashMap<>();
    private final BroadcastStates broadcastStates = new BroadcastStates(this);

    public OperatorStateBackend(Serializers serializers) {
        this.serializers = serializers;
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        return register(descriptor, Mode.SPLIT);
    }

    @Override
    public <T> ListState<T> getUnionListState(ListStateDescriptor<T> descriptor) {
        return register(descriptor, Mode.UNION);
    }

    @Override
    public <K, V> dev.weir.api.state.BroadcastState<K, V> getBroadcastState(
            dev.weir.api.state.MapStateDescriptor<K, V> descriptor) {
        if (states.containsKey(descriptor.getName())) {
            throw new IllegalStateException("operator state '" + descriptor.getName() + "' is already registered as "
                    + states.get(descriptor.getName()).mode() + " list; a broadcast state needs a name of its own");
        }
        return broadcastStates.register(descriptor, serializers);
    }

    /** The broadcast states of this subtask, for the broadcast operators' read-only views. */
    public BroadcastStates broadcastStates() {
        return broadcastStates;
    }

    @Override
    public java.util.Set<String> getRegisteredStateNames() {
        return java.util.Collections.unmodifiableSet(states.keySet());
    }

    @Override
    public java.util.Set<String> getRegisteredBroadcastStateNames() {
        return broadcastStates.names();
    }

    /** The restored state {@code name}, taken out for registration, or null; checks it was of {@code mode}. */
    RawList takeRestored(String name, Mode mode) {
        RawList raw = restored.get(name);
        if (raw != null && raw.mode() != mode) {
            throw new IllegalStateException("operator state '" + name + "' was checkpointed as " + raw.mode()
                    + " state but is now asked for as " + mode);
        }
        return restored.remove(name);
    }

    @SuppressWarnings("unchecked")
    private <T> ListState<T> register(ListStateDescriptor<T> descriptor, Mode mode) {
        dev.weir.state.ttl.TtlStateFactory.refuseTtl(descriptor, "operator state");
        String name = descriptor.getName();
        if (broadcastStates.names().contains(name)) {
            throw new IllegalStateException("operator state '" + name + "' is already registered as broadcast "
                    + "state; a list needs a name of its own");
        }
        Registered existing = states.get(name);
        if (existing != null) {
            if (existing.mode() != mode || !existing.descriptor().getStoredTypes().equals(descriptor.getStoredTypes())) {
                throw new IllegalStateException("operator state '" + name + "' is already registered as "
                        + existing.mode() + " list: " + existing.descriptor());
            }
            return new SubtaskListState<>((List<T>) existing.list());
        }
        TypeSerializer<Object> serializer = serializers.forState(descriptor.getStoredTypes().get(0),
                "operator state '" + name + "'");
        List<Object> list = new ArrayList<>();
        RawList raw = takeRestored(name, mode);
        if (raw != null) {
            for (byte[] element : raw.elements()) {
                try {
                    list.add(serializer.deserialize(new DataInputStream(new ByteArrayInputStream(element))));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot restore operator state '" + name + "': " + e.getMessage()
                            + " (did its type change?)", e);
                }
            }
        }
        states.put(name, new Registered(mode, descriptor, list, serializer));
        return new SubtaskListState<>((List<T>) list);
    }

    /** Gives this subtask its share of the restored lists; before any {@code getListState}. */
    public void restore(Map<String, RawList> share) {
        restored.putAll(share);
    }

    /** Synchronous snapshot: every list serialized now (operator state is small). */
    public Map<String, RawList> snapshot() throws IOException {
        Map<String, RawList> image = new LinkedHashMap<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (Map.Entry<String, Registered> entry : states.entrySet()) {
            List<byte[]> elements = new ArrayList<>(entry.getValue().list().size());
            for (Object element : entry.getValue().list()) {
                bytes.reset();
                entry.getValue().serializer().serialize(element, out);
                out.flush();
                elements.add(bytes.toByteArray());
            }
            image.put(entry.getKey(), new RawList(entry.getValue().mode(), elements));
        }
        broadcastStates.snapshot(image);
        image.putAll(restored);
        return image;
    }

    // ---- files ----

    /** Writes a snapshot as an operator-state file (kind 'O'); returns its size. */
    public static long write(Path file, Map<String, RawList> image) throws IOException {
        return StateFiles.write(file, StateFiles.KIND_OPERATOR, out -> {
            VarInts.write(image.size(), out);
            for (Map.Entry<String, RawList> entry : image.entrySet()) {
                Serializers.writeString(entry.getKey(), out);
                out.writeByte(entry.getValue().mode().ordinal());
                VarInts.write(entry.getValue().elements().size(), out);
                for (byte[] element : entry.getValue().elements()) {
                    VarInts.write(element.length, out);
                    out.write(element);
                }
            }
        });
    }

    public static Map<String, RawList> read(Path file) throws IOException {
        DataInputStream in = StateFiles.read(file, StateFiles.KIND_OPERATOR);
        try {
            Map<String, RawList> image = new LinkedHashMap<>();
            int count = VarInts.readLength(in);
            for (int i = 0; i < count; i++) {
                String name = Serializers.readString(in);
                int mode = in.readByte();
                if (mode < 0 || mode >= Mode.values().length) {
                    throw new IOException("unknown list mode " + mode + " of operator state '" + name + "'");
                }
                int size = VarInts.readLength(in);
                List<byte[]> elements = new ArrayList<>(Math.min(size, 1 << 16));
                for (int e = 0; e < size; e++) {
                    byte[] element = new byte[VarInts.readLength(in)];
                    in.readFully(element);
                    elements.add(element);
                }
                image.put(name, new RawList(Mode.values()[mode], elements));
            }
            return image;
        } catch (IOException | RuntimeException e) {
            throw StateFiles.unreadable(file, e);
        }
    }

    /**
     * The share of new subtask {@code subtask} (of {@code parallelism}) of the lists written by all
     * old subtasks ({@code images}, in old subtask order).
     */
    public static Map<String, RawList> redistribute(List<Map<String, RawList>> images, int subtask, int parallelism) {
        Map<String, RawList> share = new LinkedHashMap<>();
        boolean sameParallelism = images.size() == parallelism;
        Map<String, Integer> dealt = new LinkedHashMap<>();
        java.util.Set<String> broadcastTaken = new java.util.HashSet<>();
        for (int old = 0; old < images.size(); old++) {
            for (Map.Entry<String, RawList> entry : images.get(old).entrySet()) {
                RawList list = entry.getValue();
                RawList mine = share.computeIfAbsent(entry.getKey(), n -> new RawList(list.mode(), new ArrayList<>()));
                if (list.mode() == Mode.BROADCAST) {
                    if (!broadcastTaken.contains(entry.getKey())) { // the first old subtask's copy; all are equal
                        mine.elements().addAll(list.elements());
                        broadcastTaken.add(entry.getKey());
                    }
                } else if (list.mode() == Mode.UNION) {
                    mine.elements().addAll(list.elements());
                } else if (sameParallelism) {
                    if (old == subtask) {
                        mine.elements().addAll(list.elements());
                    }
                } else {
                    int index = dealt.getOrDefault(entry.getKey(), 0);
                    for (byte[] element : list.elements()) {
                        if (index++ % parallelism == subtask) {
                            mine.elements().add(element);
                        }
                    }
                    dealt.put(entry.getKey(), index);
                }
            }
        }
        return share;
    }

    /** A list state of one subtask, backed by a plain list. */
    private static final class SubtaskListState<T> implements ListState<T> {
        private final List<T> list;

        SubtaskListState(List<T> list) {
            this.list = list;
        }

        @Override
        public Iterable<T> get() {
            return Collections.unmodifiableList(list);
        }

        @Override
        public void add(T value) {
            list.add(value);
        }

        @Override
        public void addAll(List<T> values) {
            list.addAll(values);
        }

        @Override
        public void update(List<T> values) {
            list.clear();
            list.addAll(values);
        }

        @Override
        public void clear() {
            list.clear();
        }
    }
}
