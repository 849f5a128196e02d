package dev.weir.api;

import dev.weir.api.CoGroupedStreams.TaggedUnion;
import dev.weir.api.functions.CoGroupFunction;
import dev.weir.api.functions.FlatJoinFunction;
import dev.weir.api.functions.JoinFunction;
import dev.weir.api.functions.KeySelector;
import dev.weir.api.typeinfo.TypeExtractor;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.api.windowing.assigners.WindowAssigner;
import dev.weir.api.windowing.evictors.Evictor;
import dev.weir.api.windowing.triggers.Trigger;
import dev.weir.api.windowing.windows.Window;
import java.time.Duration;
import java.util.Objects;

/**
 * A window join of two streams being defined ({@link DataStream#join}):
 * {@code a.join(b).where(keyA).equalTo(keyB).window(assigner).apply(joinFunction)} is an inner join per
 * window: when a window fires, the {@link JoinFunction} (or {@link FlatJoinFunction}) is called for every
 * pair of a first-input and a second-input record with equal keys in that window.
 *
 * <pre>{@code
 * clicks.join(views)
 *       .where(Click::user, Types.LONG).equalTo(View::user, Types.LONG)
 *       .window(TumblingEventTimeWindows.of(Duration.ofSeconds(10)))
 *       .apply((click, view) -> click.id() + "," + view.id(), Types.STRING);
 * }</pre>
 *
 * <p>It runs as a {@link CoGroupedStreams coGroup} (tagged union of both inputs, keyed, in the ordinary
 * window operator) whose function forms the pairs; see there for state, late records and checkpoints.
 *
 * @param <T1> type of the first input
 * @param <T2> type of the second input
 */
public class JoinedStreams<T1, T2> {
    private final CoGroupedStreams<T1, T2> coGrouped;

    /** The join of {@code input1} (first) with {@code input2} (second). */
    public JoinedStreams(DataStream<T1> input1, DataStream<T2> input2) {
        this.coGrouped = new CoGroupedStreams<>(input1, input2);
    }

    /** The key of the first input's records. */
    public <KEY> Where<KEY> where(KeySelector<T1, KEY> keySelector) {
        return new Where<>(coGrouped.where(keySelector));
    }

    /** As {@link #where(KeySelector)}, with the key type given (for a lambda). */
    public <KEY> Where<KEY> where(KeySelector<T1, KEY> keySelector, TypeInformation<KEY> keyType) {
        return new Where<>(coGrouped.where(keySelector, keyType));
    }

    /**
     * The join with the first input's key; give the second's with {@link #equalTo}.
     *
     * @param <KEY> type of the key
     */
    public class Where<KEY> {
        private final CoGroupedStreams<T1, T2>.Where<KEY> where;

        Where(CoGroupedStreams<T1, T2>.Where<KEY> where) {
            this.where = where;
        }

        /** The key of the second input's records: records of both sides with equal keys are joined. */
        public EqualTo equalTo(KeySelector<T2, KEY> keySelector) {
            return new EqualTo(where.equalTo(keySelector));
        }

        /** As {@link #equalTo(KeySelector)}, with the key type given (for a lambda). */
        public EqualTo equalTo(KeySelector<T2, KEY> keySelector, TypeInformation<KEY> keyType) {
            return new EqualTo(where.equalTo(keySelector, keyType));
        }

        /** The join with both keys; give the windows with {@link #window}. */
        public class EqualTo {
            private final CoGroupedStreams<T1, T2>.Where<KEY>.EqualTo equalTo;

            EqualTo(CoGroupedStreams<T1, T2>.Where<KEY>.EqualTo equalTo) {
                this.equalTo = equalTo;
            }

            /** The windows both sides' records are grouped into. */
            public <W extends Window> WithWindow<T1, T2, KEY, W> window(
                    WindowAssigner<? super TaggedUnion<T1, T2>, W> assigner) {
                return new WithWindow<>(equalTo.window(assigner));
            }
        }
    }

    /**
     * A join with keys and windows; optionally a trigger, an evictor or an allowed lateness (as on
     * {@link WindowedStream}), then the function with {@link #apply}.
     *
     * @param <T1>  type of the first input
     * @param <T2>  type of the second input
     * @param <KEY> type of the key
     * @param <W>   type of the windows
     */
    public static class WithWindow<T1, T2, KEY, W extends Window> {
        private final CoGroupedStreams.WithWindow<T1, T2, KEY, W> coGroup;

        WithWindow(CoGroupedStreams.WithWindow<T1, T2, KEY, W> coGroup) {
            this.coGroup = coGroup;
        }

        /** Replaces the assigner's default trigger (see {@link WindowedStream#trigger}). */
        public WithWindow<T1, T2, KEY, W> trigger(Trigger<? super TaggedUnion<T1, T2>, ? super W> newTrigger) {
            coGroup.trigger(newTrigger);
            return this;
        }

        /** Removes tagged records from a window when it fires (see {@link WindowedStream#evictor}). */
        public WithWindow<T1, T2, KEY, W> evictor(Evictor<? super TaggedUnion<T1, T2>, ? super W> newEvictor) {
            coGroup.evictor(newEvictor);
            return this;
        }

        /** How long after a window's end late records still update it (see {@link WindowedStream#allowedLateness}). */
        public WithWindow<T1, T2, KEY, W> allowedLateness(Duration newLateness) {
            coGroup.allowedLateness(newLateness);
            return this;
        }

        /** Emits {@code function}'s result for every pair with equal keys in a window. */
        public <T> SingleOutputStreamOperator<T> apply(JoinFunction<T1, T2, T> function) {
            Objects.requireNonNull(function, "function");
            @SuppressWarnings("unchecked")
            TypeInformation<T> type = (TypeInformation<T>) TypeExtractor.getForFunction(function, JoinFunction.class, 2);
            return coGroup.build(new JoinCoGroup<>(function), type);
        }

        /** As {@link #apply(JoinFunction)}, with the result type given. */
        public <T> SingleOutputStreamOperator<T> apply(JoinFunction<T1, T2, T> function, TypeInformation<T> resultType) {
            return coGroup.build(new JoinCoGroup<>(Objects.requireNonNull(function, "function")),
                    Objects.requireNonNull(resultType, "resultType"));
        }

        /** Emits what {@code function} emits for every pair with equal keys in a window. */
        public <T> SingleOutputStreamOperator<T> apply(FlatJoinFunction<T1, T2, T> function) {
            Objects.requireNonNull(function, "function");
            @SuppressWarnings("unchecked")
            TypeInformation<T> type = (TypeInformation<T>) TypeExtractor.getForFunction(function,
                    FlatJoinFunction.class, 2);
            return coGroup.build(new FlatJoinCoGroup<>(function), type);
        }

        /** As {@link #apply(FlatJoinFunction)}, with the result type given. */
        public <T> SingleOutputStreamOperator<T> apply(FlatJoinFunction<T1, T2, T> function,
                                                       TypeInformation<T> resultType) {
            return coGroup.build(new FlatJoinCoGroup<>(Objects.requireNonNull(function, "function")),
                    Objects.requireNonNull(resultType, "resultType"));
        }
    }

    /** The inner join of one window and key: every pair, first-side records in the outer loop. */
    private static final class JoinCoGroup<T1, T2, T> implements CoGroupFunction<T1, T2, T> {
        private final JoinFunction<T1, T2, T> function;

        JoinCoGroup(JoinFunction<T1, T2, T> function) {
            this.function = function;
        }

        @Override
        public void coGroup(Iterable<T1> first, Iterable<T2> second, Collector<T> out) throws Exception {
            for (T1 one : first) {
                for (T2 two : second) {
                    out.collect(function.join(one, two));
                }
            }
        }
    }

    /** As {@link JoinCoGroup}, for a {@link FlatJoinFunction}. */
    private static final class FlatJoinCoGroup<T1, T2, T> implements CoGroupFunction<T1, T2, T> {
        private final FlatJoinFunction<T1, T2, T> function;

        FlatJoinCoGroup(FlatJoinFunction<T1, T2, T> function) {
            this.function = function;
        }

        @Override
        public void coGroup(Iterable<T1> first, Iterable<T2> second, Collector<T> out) throws Exception {
            for (T1 one : first) {
                for (T2 two : second) {
                    function.join(one, two, out);
                }
            }
        }
    }
}
