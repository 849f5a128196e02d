package dev.weir.runtime.operators.windowing;

import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.ReduceFunction;
import dev.weir.api.serialization.TypeSerializer;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.windowing.evictors.TimestampedValue;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.NamespacedState;
import dev.weir.state.serialization.Serializers;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What each window of the current key holds, kept as keyed state per (key, window) — a
 * {@link NamespacedState}, snapshotted as map state from (state) window to one stored value: the
 * accumulator of an {@link AggregateFunction}, the value reduced so far, or the list of records (for a
 * window function without pre-aggregation, or with an evictor). One instance per operator subtask; the
 * operator sets the key on the backend before each call.
 *
 * <p><b>Changing values in place.</b> A user's accumulator or reduce function may change the stored value
 * and return it (Flink's users do), and the record lists grow in place: values are taken with
 * {@link NamespacedState#getForUpdate}, which on the heap copies a value a snapshot being written still
 * shares (once per value and snapshot). Task thread only.
 *
 * @param <IN>  the records
 * @param <ACC> what is stored per window
 * @param <V>   what the window function gets when the window fires
 */
public abstract class WindowContents<W, IN, ACC, V> {
    /** The name of the keyed state holding the windows' contents. */
    public static final String STATE_NAME = "window-contents";

    private final TypeSerializer<ACC> serializer;
    private NamespacedState<W, ACC> byWindow;

    WindowContents(TypeSerializer<ACC> serializer) {
        this.serializer = serializer;
    }

    /** Registers the state; once, in the operator's open. */
    public void open(KeyedStateBackend keyedState, TypeSerializer<W> windowSerializer) {
        byWindow = keyedState.getNamespacedState(new MapStateDescriptor<>(STATE_NAME, windowSerializer, serializer));
    }

    /**
     * Adds {@code value} (event time {@code timestamp}) to the contents of {@code window}; returns whether
     * the window held nothing before.
     */
    public boolean add(W window, IN value, long timestamp) throws Exception {
        ACC current = byWindow.getForUpdate(window);
        ACC next = fold(current, value, timestamp);
        if (next != current || !byWindow.holdsValuesByReference()) {
            byWindow.put(window, next); // else the heap already holds the value, changed in place
        }
        return current == null;
    }

    /** The stored value of {@code window}, or null if it holds nothing. */
    public ACC get(W window) {
        return byWindow.get(window);
    }

    /** Replaces the stored value of {@code window} (null: empties it). */
    public void put(W window, ACC stored) {
        if (stored == null) {
            byWindow.remove(window);
        } else {
            byWindow.put(window, stored);
        }
    }

    public void clear(W window) {
        byWindow.remove(window);
    }

    /** Merges the contents of {@code sources} into {@code target} and empties the sources. */
    public void merge(W target, Collection<W> sources) throws Exception {
        ACC merged = byWindow.getForUpdate(target);
        for (W source : sources) {
            ACC value = byWindow.getForUpdate(source); // it may become the merged value, changed by later merges
            if (value != null) {
                merged = merged == null ? value : merge(merged, value);
                byWindow.remove(source);
            }
        }
        if (merged != null) {
            byWindow.put(target, merged);
        }
    }

    /** What the window function sees of a stored value. */
    public abstract Iterable<V> contents(ACC stored) throws Exception;

    abstract ACC fold(ACC current, IN value, long timestamp) throws Exception;

    abstract ACC merge(ACC a, ACC b) throws Exception;

    /** One reduced value per window. */
    public static <W, T> WindowContents<W, T, T, T> reducing(ReduceFunction<T> reducer, TypeSerializer<T> serializer) {
        return new WindowContents<>(serializer) {
            @Override
            public Iterable<T> contents(T stored) {
                return List.of(stored);
            }

            @Override
            T fold(T current, T value, long timestamp) throws Exception {
                return current == null ? value : reducer.reduce(current, value);
            }

            @Override
            T merge(T a, T b) throws Exception {
                return reducer.reduce(a, b);
            }
        };
    }

    /** One accumulator per window. */
    public static <W, T, ACC, R> WindowContents<W, T, ACC, R> aggregating(AggregateFunction<T, ACC, R> function,
                                                                        TypeSerializer<ACC> serializer) {
        return new WindowContents<>(serializer) {
            @Override
            public Iterable<R> contents(ACC stored) {
                return java.util.Collections.singletonList(function.getResult(stored));
            }

            @Override
            ACC fold(ACC current, T value, long timestamp) {
                return function.add(value, current == null ? function.createAccumulator() : current);
            }

            @Override
            ACC merge(ACC a, ACC b) {
                return function.merge(a, b);
            }
        };
    }

    /** All records of each window, in arrival order. */
    public static <W, T> WindowContents<W, T, List<T>, T> buffering(TypeSerializer<T> elementSerializer) {
        return new WindowContents<>(Serializers.listOf(elementSerializer)) {
            @Override
            public Iterable<T> contents(List<T> stored) {
                return java.util.Collections.unmodifiableList(stored);
            }

            @Override
            List<T> fold(List<T> current, T value, long timestamp) {
                List<T> list = current == null ? new ArrayList<>() : current;
                list.add(value);
                return list;
            }

            @Override
            List<T> merge(List<T> a, List<T> b) {
                a.addAll(b);
                return a;
            }
        };
    }

    /** All records of each window with their timestamps, for an evictor. */
    public static <W, T> WindowContents<W, T, List<TimestampedValue<T>>, TimestampedValue<T>> evicting(
            TypeSerializer<T> elementSerializer) {
        return new WindowContents<>(new TimestampedListSerializer<>(elementSerializer)) {
            @Override
            public Iterable<TimestampedValue<T>> contents(List<TimestampedValue<T>> stored) {
                return stored;
            }

            @Override
            List<TimestampedValue<T>> fold(List<TimestampedValue<T>> current, T value, long timestamp) {
                List<TimestampedValue<T>> list = current == null ? new ArrayList<>() : current;
                list.add(timestamp == Long.MIN_VALUE ? new TimestampedValue<>(value) : new TimestampedValue<>(value, timestamp));
                return list;
            }

            @Override
            List<TimestampedValue<T>> merge(List<TimestampedValue<T>> a, List<TimestampedValue<T>> b) {
                a.addAll(b);
                return a;
            }
        };
    }

    /** A list of records with optional timestamps: count, then per record a flag, the timestamp if any, the record. */
    static final class TimestampedListSerializer<T> implements TypeSerializer<List<TimestampedValue<T>>> {
        private final TypeSerializer<T> elements;

        TimestampedListSerializer(TypeSerializer<T> elements) {
            this.elements = elements;
        }

        @Override
        public void serialize(List<TimestampedValue<T>> value, DataOutput out) throws IOException {
            out.writeInt(value.size());
            for (TimestampedValue<T> element : value) {
                out.writeBoolean(element.hasTimestamp());
                if (element.hasTimestamp()) {
                    out.writeLong(element.getTimestamp());
                }
                elements.serialize(element.getValue(), out);
            }
        }

        @Override
        public List<TimestampedValue<T>> deserialize(DataInput in) throws IOException {
            int size = in.readInt();
            if (size < 0) {
                throw new IOException("negative list size " + size);
            }
            List<TimestampedValue<T>> list = new ArrayList<>(Math.min(size, 1 << 16));
            for (int i = 0; i < size; i++) {
                boolean hasTimestamp = in.readBoolean();
                long timestamp = hasTimestamp ? in.readLong() : 0;
                T element = elements.deserialize(in);
                list.add(hasTimestamp ? new TimestampedValue<>(element, timestamp) : new TimestampedValue<>(element));
            }
            return list;
        }
    }
}
