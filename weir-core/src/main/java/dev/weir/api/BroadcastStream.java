package dev.weir.api;

import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.typeinfo.TypeInformation;
import java.util.List;

/**
 * A stream whose every record goes to every subtask of the operator that reads it, together with the
 * descriptors of the broadcast states that operator keeps ({@link DataStream#broadcast(MapStateDescriptor[])}).
 * It has no operations of its own: connect another stream to it ({@link DataStream#connect(BroadcastStream)})
 * and process both with a {@code BroadcastProcessFunction} or, if that stream is keyed, a
 * {@code KeyedBroadcastProcessFunction}.
 *
 * @param <T> type of the broadcast records
 */
public class BroadcastStream<T> {
    private final DataStream<T> broadcast;
    private final List<MapStateDescriptor<?, ?>> descriptors;

    BroadcastStream(DataStream<T> broadcast, List<MapStateDescriptor<?, ?>> descriptors) {
        this.broadcast = broadcast;
        this.descriptors = List.copyOf(descriptors);
    }

    /** The type of the broadcast records (see {@link DataStream#getType()}). */
    public TypeInformation<T> getType() {
        return broadcast.getType();
    }

    /** The descriptors given to {@code broadcast(..)}, in that order. */
    public List<MapStateDescriptor<?, ?>> getBroadcastStateDescriptors() {
        return descriptors;
    }

    public StreamExecutionEnvironment getEnvironment() {
        return broadcast.env;
    }

    /** The records, partitioned to every subtask. */
    DataStream<T> stream() {
        return broadcast;
    }
}
