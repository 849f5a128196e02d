package dev.weir.api;

import dev.weir.api.dag.Partitioning;
import dev.weir.api.dag.Transformation;
import dev.weir.api.typeinfo.TypeHint;
import dev.weir.api.typeinfo.TypeInformation;
import java.util.List;

/**
 * The stream produced by one operator (or source), where that operator can be configured:
 * its name (shown in errors and stats), its uid (how its state is matched on restore — set one on
 * every stateful operator) and its parallelism.
 */
public class SingleOutputStreamOperator<T> extends DataStream<T> {
    final Transformation transformation;

    SingleOutputStreamOperator(StreamExecutionEnvironment env, Transformation transformation) {
        super(env, List.of(new Transformation.Input(transformation, new Partitioning.Default())));
        this.transformation = transformation;
    }

    /**
     * Declares the type of this operator's records, as Flink needs after a lambda whose output type is
     * generic ({@code .map(w -> Tuple2.of(w, 1L)).returns(Types.TUPLE(Types.STRING, Types.LONG))}).
     * Weir records it on the operator; records are passed by reference inside one JVM, so nothing
     * needs it to run, but field aggregations ({@code sum("amount")}) check their field against it when
     * the job is defined and POJO classes named in it may be kept as keys and in rolling aggregates.
     * {@link #getType()} returns it.
     */
    public SingleOutputStreamOperator<T> returns(TypeInformation<T> typeInfo) {
        transformation.setOutputType(java.util.Objects.requireNonNull(typeInfo, "typeInfo"));
        return this;
    }

    /** As {@link #returns(TypeInformation)}, with a type hint for a generic type: {@code returns(new TypeHint<Tuple2<String, Long>>() {})}. */
    public SingleOutputStreamOperator<T> returns(TypeHint<T> typeHint) {
        return returns(java.util.Objects.requireNonNull(typeHint, "typeHint").getTypeInfo());
    }

    /** As {@link #returns(TypeInformation)}, for a non-generic class. */
    public SingleOutputStreamOperator<T> returns(Class<T> typeClass) {
        return returns(TypeInformation.of(java.util.Objects.requireNonNull(typeClass, "typeClass")));
    }

    /** Records the type found by the API (null: unknown, nothing recorded). */
    <R> SingleOutputStreamOperator<R> inferType(TypeInformation<?> type) {
        if (type != null) {
            transformation.setOutputType(type);
        }
        @SuppressWarnings("unchecked")
        SingleOutputStreamOperator<R> self = (SingleOutputStreamOperator<R>) this;
        return self;
    }

    public SingleOutputStreamOperator<T> name(String name) {
        transformation.setName(name);
        return this;
    }

    /** A stable id, unique in the job; checkpointed state is matched to operators by it. */
    public SingleOutputStreamOperator<T> uid(String uid) {
        transformation.setUid(uid);
        return this;
    }

    public SingleOutputStreamOperator<T> setParallelism(int parallelism) {
        transformation.setParallelism(parallelism);
        return this;
    }

    /**
     * How long this operator's output may wait in a partly filled batch before it is handed to the
     * next task, even while this operator's task is busy (Flink's
     * {@code SingleOutputStreamOperator.setBufferTimeout}). -1 (the default) uses the environment's
     * {@link StreamExecutionEnvironment#setBufferTimeout}; 0 hands over every record at once; a positive value
     * bounds the wait to about that many milliseconds. Only matters where the output goes to another
     * task (a chained operator's records are passed on at once).
     */
    public SingleOutputStreamOperator<T> setBufferTimeout(long timeoutMillis) {
        transformation.setBufferTimeout(timeoutMillis);
        return this;
    }

    /**
     * Runs this operator in a task of its own: neither fused with its input nor with the operators
     * after it (Flink's {@code disableChaining}). Costs a hand-over per batch of records; useful to
     * see an operator's own figures or to spread work over more threads.
     */
    public SingleOutputStreamOperator<T> disableChaining() {
        transformation.setChaining(Transformation.Chaining.NEVER);
        return this;
    }

    /** Starts a new task at this operator; the operators after it may still be fused with it. */
    public SingleOutputStreamOperator<T> startNewChain() {
        transformation.setChaining(Transformation.Chaining.HEAD);
        return this;
    }

    public String getName() {
        return transformation.name();
    }

    /**
     * What this operator does with a record its function throws on — or, on a source, with input it
     * cannot read: fail (the default), skip and count, or send it to the dead-letter side output.
     * Overrides the job's {@link StreamExecutionEnvironment#setErrorPolicy default}. See {@link ErrorPolicy}.
     */
    public SingleOutputStreamOperator<T> setErrorPolicy(ErrorPolicy errorPolicy) {
        transformation.setErrorPolicy(errorPolicy);
        return this;
    }

    /**
     * The records this operator emits to the side output {@code sideOutputTag}, as a stream to
     * transform and sink like any other; it runs chained to this operator where its consumers can.
     * {@code getSideOutput(DeadLetter.TAG)} is the operator's dead letters (see {@link ErrorPolicy}).
     * Calling it twice with equal tags gives the same stream.
     */
    public <X> DataStream<X> getSideOutput(OutputTag<X> sideOutputTag) {
        java.util.Objects.requireNonNull(sideOutputTag, "sideOutputTag");
        return env.sideOutput(transformation, sideOutputTag);
    }
}
