package dev.weir.api.functions;

import dev.weir.api.OutputTag;
import dev.weir.api.state.BroadcastState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ReadOnlyBroadcastState;

/**
 * The shared part of {@link BroadcastProcessFunction} and {@link KeyedBroadcastProcessFunction}: a rich
 * function on a stream connected with a broadcast stream, and the two kinds of context it gets. A
 * broadcast record is processed with a {@link Context}, whose broadcast state may be changed; a record
 * of the other side with a {@link ReadOnlyContext}, whose broadcast state refuses changes, so that
 * every subtask's copy of the broadcast state stays the same.
 */
public abstract class BaseBroadcastProcessFunction extends AbstractRichFunction {

    /** What both contexts offer, valid only during the call they were passed to. */
    abstract class BaseContext {

        /** The record's event-time timestamp, or {@code null} if it has none. */
        public abstract Long timestamp();

        /**
         * Emits {@code value} to the side output {@code outputTag} (read with
         * {@code SingleOutputStreamOperator.getSideOutput(outputTag)}); dropped if nothing reads it.
         */
        public abstract <X> void output(OutputTag<X> outputTag, X value);

        /** The processing-time clock of the task (ms). */
        public abstract long currentProcessingTime();

        /** The operator's current watermark: the minimum of both inputs' (an idle input left out). */
        public abstract long currentWatermark();
    }

    /** The context of a broadcast record: broadcast state with write access. */
    public abstract class Context extends BaseContext {

        /**
         * The broadcast state of {@code stateDescriptor}, one of the descriptors given to
         * {@code DataStream.broadcast(..)}; changes go to this subtask's copy.
         *
         * @throws IllegalArgumentException for a descriptor not given to {@code broadcast(..)}
         */
        public abstract <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> stateDescriptor);
    }

    /** The context of a non-broadcast record: broadcast state that refuses changes. */
    public abstract class ReadOnlyContext extends BaseContext {

        /**
         * The broadcast state of {@code stateDescriptor}, read-only.
         *
         * @throws IllegalArgumentException for a descriptor not given to {@code broadcast(..)}
         */
        public abstract <K, V> ReadOnlyBroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> stateDescriptor);
    }
}
