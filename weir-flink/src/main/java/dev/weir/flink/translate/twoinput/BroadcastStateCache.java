package dev.weir.flink.translate.twoinput;

import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ReadOnlyBroadcastState;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The Weir views of a subtask's Flink broadcast state handles, made again only when Flink hands out another handle
 * (so a call does not allocate a view each time). One per context, on the subtask's thread.
 */
final class BroadcastStateCache {

    private final BroadcastStates states;
    private final Map<String, Object[]> views = new HashMap<>(); // name -> {Flink handle, Weir view}

    BroadcastStateCache(BroadcastStates states) {
        this.states = states;
    }

    <K, V> org.apache.flink.api.common.state.MapStateDescriptor<K, V> flink(MapStateDescriptor<K, V> weir) {
        return states.flink(weir);
    }

    @SuppressWarnings("unchecked")
    <K, V, S extends ReadOnlyBroadcastState<K, V>, F> S view(String name, F flinkHandle, Function<F, S> wrap) {
        Object[] cached = views.get(name);
        if (cached == null || cached[0] != flinkHandle) {
            cached = new Object[] {flinkHandle, wrap.apply(flinkHandle)};
            views.put(name, cached);
        }
        return (S) cached[1];
    }
}
