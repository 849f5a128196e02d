package dev.weir.flink.translate;

import dev.weir.api.ErrorPolicy;
import dev.weir.api.dag.Partitioning;
import dev.weir.api.dag.Transformation;
import dev.weir.api.spi.JobSpec;
import dev.weir.flink.translate.bridge.FlinkKeySelector;
import dev.weir.flink.translate.types.FlinkTypes;
import dev.weir.graph.OperatorUids;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What the translations of the areas share while one job is translated: the Flink stream of each translated
 * node, the Flink types of Weir types, key selectors, side output tags, and the settings every Flink operator
 * takes from its Weir node (name, uid, parallelism, chaining). Used on the client's thread only.
 *
 * <p>Call order for a node: read its input with {@link #input} or {@link #keyed}, build the Flink operator, then
 * {@link #finish} (or {@link #finishSink}), which records it as the node's stream for the nodes that read it.
 */
public final class TranslationContext {

    private final JobSpec spec;
    private final PlanRef ref;
    private final StreamExecutionEnvironment env;
    private final Map<Integer, DataStream<?>> streams = new HashMap<>();
    private final Map<Transformation, String> uids;

    TranslationContext(JobSpec spec, PlanRef ref, StreamExecutionEnvironment env) {
        this.spec = spec;
        this.ref = ref;
        this.env = env;
        this.uids = OperatorUids.assign(spec.plan());
        checkSupported(spec);
    }

    /**
     * Fails, before anything runs, on what Weir's local runtime would refuse (no sink, duplicate or missing required
     * uids, impossible parallelism, state types without a serializer: the same checks and messages) and on what the
     * Flink runner does not do: fault injection, error policies other than fail, processing-time timers fired at the
     * end of input.
     */
    private static void checkSupported(JobSpec spec) {
        try {
            dev.weir.graph.JobGraphBuilder.build(spec);
            dev.weir.flink.translate.types.JobSerializers.of(spec);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw e instanceof TranslationException translation ? translation
                    : new TranslationException(spec.jobName(), e.getMessage(), e);
        }
        if (spec.faultInjector() != null && spec.faultInjector() != dev.weir.api.testing.FaultInjector.NONE) {
            throw new TranslationException(spec.jobName(), "it has a fault injector (a test facility of Weir's local "
                    + "runtime): remove setFaultInjector(..) or run it with execution.target: local", null);
        }
        if (spec.execution().fireProcessingTimersAtEndOfInput()) {
            throw new TranslationException(spec.jobName(), "option "
                    + dev.weir.api.configuration.ExecutionOptions.FIRE_PROCESSING_TIMERS_AT_END_OF_INPUT.key()
                    + " is true, but Flink drops the processing-time timers still pending when a bounded input ends: "
                    + "leave the option unset (false) or run the job with execution.target: local", null);
        }
        for (Transformation node : spec.plan()) {
            if (node.followsErrorPolicy() && node.effectiveErrorPolicy().kind() != ErrorPolicy.Kind.FAIL) {
                throw new TranslationException(node, "its error policy is " + node.effectiveErrorPolicy().kind()
                        + "; on Flink a record that makes a function throw fails the task (error policy fail), so "
                        + "skipping records and dead letters are not available: remove setErrorPolicy(..) from it "
                        + "and from the job, or run the job with execution.target: local");
            }
        }
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
        List<DataStream<T>> parts = new ArrayList<>();
        for (Transformation.Input input : node.inputs()) {
            if (input.inputIndex() != inputIndex) {
                continue;
            }
            DataStream<T> from = stream(input.from());
            Partitioning partitioning = input.partitioning();
            if (partitioning instanceof Partitioning.Forward) {
                from = from.forward();
            } else if (partitioning instanceof Partitioning.Rebalance) {
                from = from.rebalance();
            } else if (partitioning instanceof Partitioning.Broadcast) {
                from = from.broadcast();
            } else if (partitioning instanceof Partitioning.Hash) {
                from = from.keyBy(new FlinkKeySelector<T, Object>(ref, node.id(), inputIndex), keyType(node));
            }
            parts.add(from);
        }
        return union(node, inputIndex, parts);
    }

    /** The input {@code inputIndex} of a keyed node, keyed by that input's key selector. */
    public <T, K> KeyedStream<T, K> keyed(Transformation node, int inputIndex) {
        if (FlinkKeySelector.of(node, inputIndex) == null) {
            throw new TranslationException(node, "input " + inputIndex + " has no key selector");
        }
        List<DataStream<T>> parts = new ArrayList<>();
        for (Transformation.Input input : node.inputs()) {
            if (input.inputIndex() == inputIndex) {
                parts.add(stream(input.from()));
            }
        }
        return union(node, inputIndex, parts).keyBy(new FlinkKeySelector<T, K>(ref, node.id(), inputIndex),
                keyType(node));
    }

    private <T> DataStream<T> union(Transformation node, int inputIndex, List<DataStream<T>> parts) {
        if (parts.isEmpty()) {
            throw new TranslationException(node, "it has no input " + inputIndex);
        }
        DataStream<T> first = parts.get(0);
        if (parts.size() == 1) {
            return first;
        }
        if (parts.stream().anyMatch(part -> !part.getType().equals(first.getType()))) {
            // Weir unions streams of any types (a lambda's output type is unknown); Flink wants one type
            TypeInformation<T> any = FlinkTypes.dynamic(ref);
            parts = parts.stream().map(part -> part.getType().equals(any) ? part
                    : part.map((org.apache.flink.api.common.functions.MapFunction<T, T>) value -> value).returns(any)
                            .name("AsAnyType")).toList();
        }
        @SuppressWarnings("unchecked")
        DataStream<T>[] others = parts.subList(1, parts.size()).toArray(DataStream[]::new);
        return parts.get(0).union(others);
    }

    /** The Flink type of the keys of a keyed node (its declared key type, else any value). */
    public <K> TypeInformation<K> keyType(Transformation node) {
        @SuppressWarnings("unchecked")
        dev.weir.api.typeinfo.TypeInformation<K> keyType = (dev.weir.api.typeinfo.TypeInformation<K>) node.keyType();
        return flinkType(keyType);
    }

    /** The Flink type of what {@code node} emits (Weir's serializer of its output type, or a dynamic one). */
    @SuppressWarnings("unchecked")
    public <T> TypeInformation<T> outputType(Transformation node) {
        dev.weir.api.typeinfo.TypeInformation<?> type = node.outputType();
        if (type == null && node.kind() == Transformation.Kind.SIDE_OUTPUT) {
            type = FlinkTypes.tagType(node.sideOutputTag());
        }
        if (type == null && node.kind() == Transformation.Kind.SOURCE) {
            // fromSource(source, strategy, name) without a type: the source's own declared type, as Flink does
            type = FlinkTypes.producedType(node.source());
        }
        return (TypeInformation<T>) flinkType(type);
    }

    /** The Flink type of a Weir type (null: any value, serialized with its class). */
    public <T> TypeInformation<T> flinkType(dev.weir.api.typeinfo.TypeInformation<T> weirType) {
        return FlinkTypes.of(ref, weirType);
    }

    /** The Flink side output tag of a Weir one (same id, Flink type of its Weir type). */
    public <T> org.apache.flink.util.OutputTag<T> outputTag(dev.weir.api.OutputTag<T> tag) {
        return FlinkTypes.outputTag(ref, tag);
    }

    /** The uid of {@code node}'s state: the node's own, or the one Weir's runtime generates for it. */
    public String uid(Transformation node) {
        return uids.get(node);
    }

    /**
     * Gives {@code operator} the settings of {@code node} (name, uid — the node's or Weir's generated one, so
     * Flink savepoints match operators —, parallelism, chaining, buffer timeout) and records it as the node's
     * stream.
     */
    public <T> SingleOutputStreamOperator<T> finish(Transformation node, SingleOutputStreamOperator<T> operator) {
        operator.name(node.name()).uid(uid(node));
        if (node.parallelism() > 0) {
            operator.setParallelism(node.parallelism());
        }
        switch (node.chaining()) {
            case HEAD -> operator.startNewChain();
            case NEVER -> operator.disableChaining();
            case ALWAYS -> {
            }
        }
        if (node.bufferTimeout() >= 0) {
            operator.setBufferTimeout(node.bufferTimeout());
        }
        put(node, operator);
        return operator;
    }

    /** Gives a Flink sink the settings of its Weir node (name, uid, parallelism, chaining). */
    public DataStreamSink<?> finishSink(Transformation node, DataStreamSink<?> sink) {
        sink.name(node.name()).uid(uid(node));
        if (node.parallelism() > 0) {
            sink.setParallelism(node.parallelism());
        }
        if (node.chaining() != Transformation.Chaining.ALWAYS) {
            sink.disableChaining(); // a sink has no followers: starting a chain of its own is running alone
        }
        return sink;
    }

    /** A side output node: the producer's Flink side output under the node's tag. */
    void translateSideOutput(Transformation node) {
        Transformation producer = node.inputs().get(0).from();
        DataStream<?> stream = stream(producer);
        if (!(stream instanceof SingleOutputStreamOperator<?> operator)) {
            throw new TranslationException(node, "its producer " + producer + " is not an operator on Flink, so it "
                    + "has no side outputs");
        }
        put(node, operator.getSideOutput(outputTag(node.sideOutputTag())));
    }
}
