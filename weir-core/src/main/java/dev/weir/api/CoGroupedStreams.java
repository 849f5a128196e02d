package dev.weir.api;

import dev.weir.api.dag.Partitioning;
import dev.weir.api.functions.CoGroupFunction;
import dev.weir.api.functions.KeySelector;
import dev.weir.api.functions.MapFunction;
import dev.weir.api.functions.windowing.WindowFunction;
import dev.weir.api.typeinfo.TypeExtractor;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.typeinfo.Types;
import dev.weir.api.windowing.assigners.WindowAssigner;
import dev.weir.api.windowing.evictors.Evictor;
import dev.weir.api.windowing.triggers.Trigger;
import dev.weir.api.windowing.windows.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A window coGroup of two streams being defined ({@link DataStream#coGroup}):
 * {@code a.coGroup(b).where(keyA).equalTo(keyB).window(assigner).apply(coGroupFunction)} calls the
 * {@link CoGroupFunction} once per window and key with the records of both sides in it.
 *
 * <pre>{@code
 * orders.coGroup(payments)
 *       .where(Order::id, Types.LONG).equalTo(Payment::order, Types.LONG)
 *       .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
 *       .apply((os, ps, out) -> { if (!ps.iterator().hasNext()) os.forEach(o -> out.collect("unpaid " + o)); },
 *              Types.STRING);
 * }</pre>
 *
 * <p><b>How it runs.</b> As in Flink: each record is wrapped in a {@link TaggedUnion} saying its side, the
 * two streams become one, keyed by the side's key selector, and windowed by the ordinary window operator
 * (which keeps each window's records: contents, triggers, late data, lateness and checkpoints are
 * those of {@link WindowedStream}); when a window fires, a window function splits its records by side and
 * calls the user's function. Records behind the watermark for all their windows are dropped and counted
 * ({@code OperatorStats.lateRecordsDropped()}). The tagged records are kept in state with Weir's own
 * serializers: a POJO type whose two fields have the two inputs' types (where they are known).
 *
 * @param <T1> type of the first input
 * @param <T2> type of the second input
 */
public class CoGroupedStreams<T1, T2> {
    private final DataStream<T1> input1;
    private final DataStream<T2> input2;

    /** The coGroup of {@code input1} (first) with {@code input2} (second). */
    public CoGroupedStreams(DataStream<T1> input1, DataStream<T2> input2) {
        this.input1 = Objects.requireNonNull(input1, "input1");
        this.input2 = Objects.requireNonNull(input2, "input2");
        if (input1.env != input2.env) {
            throw new IllegalArgumentException("cannot coGroup streams of different environments");
        }
    }

    /** The key of the first input's records. */
    public <KEY> Where<KEY> where(KeySelector<T1, KEY> keySelector) {
        Objects.requireNonNull(keySelector, "keySelector");
        @SuppressWarnings("unchecked")
        TypeInformation<KEY> keyType = (TypeInformation<KEY>) TypeExtractor.getForFunction(keySelector,
                KeySelector.class, 1);
        return new Where<>(keySelector, keyType);
    }

    /** As {@link #where(KeySelector)}, with the key type given (for a lambda). */
    public <KEY> Where<KEY> where(KeySelector<T1, KEY> keySelector, TypeInformation<KEY> keyType) {
        return new Where<>(Objects.requireNonNull(keySelector, "keySelector"), Objects.requireNonNull(keyType, "keyType"));
    }

    /**
     * The coGroup with the first input's key; give the second's with {@link #equalTo}.
     *
     * @param <KEY> type of the key
     */
    public class Where<KEY> {
        private final KeySelector<T1, KEY> keySelector1;
        private final TypeInformation<KEY> keyType;

        Where(KeySelector<T1, KEY> keySelector1, TypeInformation<KEY> keyType) {
            this.keySelector1 = keySelector1;
            this.keyType = keyType;
        }

        /** The key of the second input's records: records of both sides with equal keys are grouped. */
        public EqualTo equalTo(KeySelector<T2, KEY> keySelector) {
            return new EqualTo(Objects.requireNonNull(keySelector, "keySelector"));
        }

        /** As {@link #equalTo(KeySelector)}, with the key type given (for a lambda). */
        public EqualTo equalTo(KeySelector<T2, KEY> keySelector, TypeInformation<KEY> keyType) {
            return new EqualTo(Objects.requireNonNull(keySelector, "keySelector"));
        }

        /** The coGroup with both keys; give the windows with {@link #window}. */
        public class EqualTo {
            private final KeySelector<T2, KEY> keySelector2;

            EqualTo(KeySelector<T2, KEY> keySelector2) {
                this.keySelector2 = keySelector2;
            }

            /** The windows both sides' records are grouped into (by their timestamps, for event-time windows). */
            public <W extends Window> WithWindow<T1, T2, KEY, W> window(
                    WindowAssigner<? super TaggedUnion<T1, T2>, W> assigner) {
                return new WithWindow<>(input1, input2, keySelector1, keySelector2, keyType,
                        Objects.requireNonNull(assigner, "assigner"));
            }
        }
    }

    /**
     * A coGroup with keys and windows; optionally a trigger, an evictor or an allowed lateness (as on
     * {@link WindowedStream}), then the function with {@link #apply}.
     *
     * @param <T1>  type of the first input
     * @param <T2>  type of the second input
     * @param <KEY> type of the key
     * @param <W>   type of the windows
     */
    public static class WithWindow<T1, T2, KEY, W extends Window> {
        private final DataStream<T1> input1;
        private final DataStream<T2> input2;
        private final KeySelector<T1, KEY> keySelector1;
        private final KeySelector<T2, KEY> keySelector2;
        private final TypeInformation<KEY> keyType;
        private final WindowAssigner<? super TaggedUnion<T1, T2>, W> windowAssigner;
        private Trigger<? super TaggedUnion<T1, T2>, ? super W> trigger;
        private Evictor<? super TaggedUnion<T1, T2>, ? super W> evictor;
        private Duration allowedLateness;

        WithWindow(DataStream<T1> input1, DataStream<T2> input2, KeySelector<T1, KEY> keySelector1,
                   KeySelector<T2, KEY> keySelector2, TypeInformation<KEY> keyType,
                   WindowAssigner<? super TaggedUnion<T1, T2>, W> windowAssigner) {
            this.input1 = input1;
            this.input2 = input2;
            this.keySelector1 = keySelector1;
            this.keySelector2 = keySelector2;
            this.keyType = keyType;
            this.windowAssigner = windowAssigner;
        }

        /** Replaces the assigner's default trigger (see {@link WindowedStream#trigger}). */
        public WithWindow<T1, T2, KEY, W> trigger(Trigger<? super TaggedUnion<T1, T2>, ? super W> newTrigger) {
            this.trigger = Objects.requireNonNull(newTrigger, "trigger");
            return this;
        }

        /** Removes tagged records from a window when it fires (see {@link WindowedStream#evictor}). */
        public WithWindow<T1, T2, KEY, W> evictor(Evictor<? super TaggedUnion<T1, T2>, ? super W> newEvictor) {
            this.evictor = Objects.requireNonNull(newEvictor, "evictor");
            return this;
        }

        /** How long after a window's end late records still update it (see {@link WindowedStream#allowedLateness}). */
        public WithWindow<T1, T2, KEY, W> allowedLateness(Duration newLateness) {
            this.allowedLateness = Objects.requireNonNull(newLateness, "allowedLateness");
            return this;
        }

        /** Calls {@code function} per window and key with the records of both sides. */
        public <T> SingleOutputStreamOperator<T> apply(CoGroupFunction<T1, T2, T> function) {
            Objects.requireNonNull(function, "function");
            @SuppressWarnings("unchecked")
            TypeInformation<T> resultType = (TypeInformation<T>) TypeExtractor.getForFunction(function,
                    CoGroupFunction.class, 2);
            return build(function, resultType);
        }

        /** As {@link #apply(CoGroupFunction)}, with the result type given. */
        public <T> SingleOutputStreamOperator<T> apply(CoGroupFunction<T1, T2, T> function, TypeInformation<T> resultType) {
            return build(Objects.requireNonNull(function, "function"), Objects.requireNonNull(resultType, "resultType"));
        }

        /** The tagged union of both inputs, keyed, windowed and given the splitting window function. */
        <T> SingleOutputStreamOperator<T> build(CoGroupFunction<T1, T2, T> function, TypeInformation<T> resultType) {
            TypeInformation<TaggedUnion<T1, T2>> unionType = TaggedUnion.typeOf(input1.knownType(), input2.knownType());
            DataStream<TaggedUnion<T1, T2>> tagged1 = input1.map(new TagOne<T1, T2>()).name("Tag first input")
                    .returns(unionType);
            DataStream<TaggedUnion<T1, T2>> tagged2 = input2.map(new TagTwo<T1, T2>()).name("Tag second input")
                    .returns(unionType);
            DataStream<TaggedUnion<T1, T2>> union = tagged1.union(tagged2);
            UnionKeySelector<T1, T2, KEY> unionKey = new UnionKeySelector<>(keySelector1, keySelector2);
            KeyedStream<TaggedUnion<T1, T2>, KEY> keyed = new KeyedStream<>(union.env,
                    union.repartition(new Partitioning.Hash(unionKey)), unionKey, keyType);
            WindowedStream<TaggedUnion<T1, T2>, KEY, W> windowed = keyed.window(windowAssigner);
            if (trigger != null) {
                windowed.trigger(trigger);
            }
            if (evictor != null) {
                windowed.evictor(evictor);
            }
            if (allowedLateness != null) {
                windowed.allowedLateness(allowedLateness);
            }
            SingleOutputStreamOperator<T> result = windowed.apply(new CoGroupWindowFunction<T1, T2, T, KEY, W>(function));
            return resultType != null ? result.returns(resultType) : result;
        }
    }

    /**
     * A record of either input of a coGroup or window join, with the side it came from: what the windows of
     * {@link WithWindow} hold (their assigner, trigger and evictor see these). Exactly one of
     * {@link #getOne()} and {@link #getTwo()} is set. A POJO, so that Weir's serializers keep it in state.
     *
     * @param <T1> type of the first input
     * @param <T2> type of the second input
     */
    public static class TaggedUnion<T1, T2> {
        private T1 one;
        private T2 two;

        /** An empty union, for the serializer; use {@link #one} or {@link #two}. */
        public TaggedUnion() {
        }

        /** A record of the first input. */
        public static <T1, T2> TaggedUnion<T1, T2> one(T1 one) {
            TaggedUnion<T1, T2> union = new TaggedUnion<>();
            union.one = Objects.requireNonNull(one, "a record of the first input");
            return union;
        }

        /** A record of the second input. */
        public static <T1, T2> TaggedUnion<T1, T2> two(T2 two) {
            TaggedUnion<T1, T2> union = new TaggedUnion<>();
            union.two = Objects.requireNonNull(two, "a record of the second input");
            return union;
        }

        public boolean isOne() {
            return one != null;
        }

        public boolean isTwo() {
            return two != null;
        }

        /** The record of the first input, or null. */
        public T1 getOne() {
            return one;
        }

        /** The record of the second input, or null. */
        public T2 getTwo() {
            return two;
        }

        /** For the serializer. */
        public void setOne(T1 one) {
            this.one = one;
        }

        /** For the serializer. */
        public void setTwo(T2 two) {
            this.two = two;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TaggedUnion<?, ?> other && Objects.equals(one, other.one)
                    && Objects.equals(two, other.two);
        }

        @Override
        public int hashCode() {
            return Objects.hash(one, two);
        }

        @Override
        public String toString() {
            return one != null ? "One(" + one + ")" : "Two(" + two + ")";
        }

        /** The POJO type of unions of the two types (a side whose type is not known is written with its class). */
        @SuppressWarnings({"unchecked", "rawtypes"})
        static <T1, T2> TypeInformation<TaggedUnion<T1, T2>> typeOf(TypeInformation<T1> type1, TypeInformation<T2> type2) {
            Map<String, TypeInformation<?>> fields = new HashMap<>();
            if (type1 != null) {
                fields.put("one", type1);
            }
            if (type2 != null) {
                fields.put("two", type2);
            }
            return (TypeInformation) Types.POJO(TaggedUnion.class, fields);
        }
    }

    private static final class TagOne<T1, T2> implements MapFunction<T1, TaggedUnion<T1, T2>> {
        @Override
        public TaggedUnion<T1, T2> map(T1 value) {
            return TaggedUnion.one(value);
        }
    }

    private static final class TagTwo<T1, T2> implements MapFunction<T2, TaggedUnion<T1, T2>> {
        @Override
        public TaggedUnion<T1, T2> map(T2 value) {
            return TaggedUnion.two(value);
        }
    }

    /** The key of a tagged record: its side's key selector applied to it. */
    private record UnionKeySelector<T1, T2, KEY>(KeySelector<T1, KEY> keySelector1, KeySelector<T2, KEY> keySelector2)
            implements KeySelector<TaggedUnion<T1, T2>, KEY> {
        @Override
        public KEY getKey(TaggedUnion<T1, T2> value) throws Exception {
            return value.isOne() ? keySelector1.getKey(value.getOne()) : keySelector2.getKey(value.getTwo());
        }
    }

    /**
     * Splits a window's tagged records by side and calls the coGroup function once. A class, not a record,
     * so that each subtask gets its own copy of it and of the user's function.
     */
    private static final class CoGroupWindowFunction<T1, T2, T, KEY, W extends Window>
            implements WindowFunction<TaggedUnion<T1, T2>, T, KEY, W> {
        private final CoGroupFunction<T1, T2, T> function;

        CoGroupWindowFunction(CoGroupFunction<T1, T2, T> function) {
            this.function = function;
        }

        @Override
        public void apply(KEY key, W window, Iterable<TaggedUnion<T1, T2>> input, Collector<T> out) throws Exception {
            List<T1> ones = new ArrayList<>();
            List<T2> twos = new ArrayList<>();
            for (TaggedUnion<T1, T2> union : input) {
                if (union.isOne()) {
                    ones.add(union.getOne());
                } else {
                    twos.add(union.getTwo());
                }
            }
            function.coGroup(ones, twos, out);
        }
    }
}
