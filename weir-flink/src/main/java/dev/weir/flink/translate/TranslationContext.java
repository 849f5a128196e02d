package dev.weir.flink.translate;

import dev.weir.api.dag.Transformation;
import dev.weir.api.spi.JobSpec;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What the translations of the areas share while one job is translated: the Flink stream of each translated
 * node, the Flink types of Weir types, key selectors, side output tags, and the settings every Flink operator
 * takes from its Weir node (name, uid, parallelism, chaining). Used on the client's thread only.
 */
public final class TranslationContext {

    private final JobSpec spec;
    private final PlanRef ref;
    private final StreamExecutionEnvironment env;
    private final Map<Integer, DataStream<?>> streams = new HashMap<>();

    TranslationContext(JobSpec spec, PlanRef ref, StreamExecutionEnvironment env) {
        this.spec = spec;
        this.ref = ref;
        this.env = env;
    }

    public JobSpec spec() {
        return spec;
    }

    /** What every Flink-side object of the job carries to find its Weir counterpart ({@link Plans#node}). */
    public PlanRef ref() {
        return ref;
    }

    public StreamExecutionEnvironment env() {
        return env;
    }

    /** The Flink stream of a translated node (its main output). */
    @SuppressWarnings("unchecked")
    public <T> DataStream<T> stream(Transformation node) {
        DataStream<?> stream = streams.get(node.id());
        if (stream == null) {
            throw new IllegalStateException("node " + node + " is not translated yet");
        }
        return (DataStream<T>) stream;
    }

    /** Records the Flink stream of {@code node}. */
    public void put(Transformation node, DataStream<?> stream) {
        streams.put(node.id(), stream);
    }

    /**
     * The input of a one-input node ({@code inputIndex} 0) or one input of a two-input node: the union of the
     * node's inputs with that index, each partitioned as its edge says (forward, rebalance, broadcast; a hash edge
     * is keyed with {@link #keyed}).
     */
    public <T> DataStream<T> input(Transformation node, int inputIndex) {
        throw new UnsupportedOperationException("TODO(core): input");
    }

    /** The input {@code inputIndex} of a keyed node, keyed by that input's key selector. */
    public <T, K> KeyedStream<T, K> keyed(Transformation node, int inputIndex) {
        throw new UnsupportedOperationException("TODO(core): keyed");
    }

    /** The Flink type of what {@code node} emits (Weir's serializer of its output type, or a dynamic one). */
    public <T> TypeInformation<T> outputType(Transformation node) {
        throw new UnsupportedOperationException("TODO(core): outputType");
    }

    /** The Flink type of a Weir type (null: any value, serialized with its class). */
    public <T> TypeInformation<T> flinkType(dev.weir.api.typeinfo.TypeInformation<T> weirType) {
        throw new UnsupportedOperationException("TODO(core): flinkType");
    }

    /** The Flink side output tag of a Weir one (same id, Flink type of its Weir type). */
    public <T> org.apache.flink.util.OutputTag<T> outputTag(dev.weir.api.OutputTag<T> tag) {
        throw new UnsupportedOperationException("TODO(core): outputTag");
    }

    /**
     * Gives {@code operator} the settings of {@code node} (name, uid — the node's or Weir's generated one, so
     * Flink savepoints match operators —, parallelism, chaining, buffer timeout) and records it as the node's
     * stream.
     */
    public <T> SingleOutputStreamOperator<T> finish(Transformation node, SingleOutputStreamOperator<T> operator) {
        throw new UnsupportedOperationException("TODO(core): finish");
    }

    /** A side output node: the producer's Flink side output under the node's tag. */
    void translateSideOutput(Transformation node) {
        throw new UnsupportedOperationException("TODO(core): side outputs");
    }
}
