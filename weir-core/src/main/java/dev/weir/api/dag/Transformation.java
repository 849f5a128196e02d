package dev.weir.api.dag;

import dev.weir.api.ErrorPolicy;
import dev.weir.api.OutputTag;
import dev.weir.api.connector.Source;
import dev.weir.api.typeinfo.TypeInformation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of the logical plan, as the DataStream API builds it: one source, operator or sink with
 * its inputs, described by what the user wrote ({@link Operation}), not by a runtime's operator.
 * An engine turns the plan into what it runs (Weir's local runtime: chained job vertices).
 */
public final class Transformation {

    /**
     * An input of a transformation: the upstream node, how records are partitioned, and which input of
     * a two-input operation it feeds ({@code 0} the first, {@code 1} the second; always 0 for other
     * operations, whose several inputs are one union).
     */
    public record Input(Transformation from, Partitioning partitioning, int inputIndex) {
        public Input {
            if (inputIndex != 0 && inputIndex != 1) {
                throw new IllegalArgumentException("input index is 0 or 1, was " + inputIndex);
            }
        }

        /** An input of a single-input operation (or the first of a two-input one). */
        public Input(Transformation from, Partitioning partitioning) {
            this(from, partitioning, 0);
        }

        /** The same input, feeding input {@code index} of a two-input operation. */
        public Input asInput(int index) {
            return new Input(from, partitioning, index);
        }
    }

    /**
     * What the node is. A {@code SIDE_OUTPUT} node passes on what its single input emitted under its
     * {@link #sideOutputTag()} (not the input's main output); it always runs chained to that input.
     */
    public enum Kind { SOURCE, OPERATOR, KEYED_OPERATOR, SINK, SIDE_OUTPUT }

    private final int id;
    private final Kind kind;
    private List<Input> inputs;
    private final Source<?, ?> source;
    private dev.weir.api.eventtime.WatermarkStrategy<?> watermarkStrategy =
            dev.weir.api.eventtime.WatermarkStrategy.noWatermarks();
    private final Operation operation;
    private final String label;
    private final OutputTag<?> sideOutputTag;
    private final Map<OutputTag<?>, Transformation> sideOutputs = new LinkedHashMap<>();
    private ErrorPolicy errorPolicy;
    private ErrorPolicy effectiveErrorPolicy;
    private String name;
    private String uid;
    private int parallelism = -1;
    private long bufferTimeout = -1;
    private Chaining chaining = Chaining.ALWAYS;

    /**
     * Whether an operator runs fused with its neighbours in one task (Flink's chaining strategies):
     * {@code ALWAYS} with its input and its followers where they connect one-to-one,
     * {@code HEAD} starts a new task but followers may join it, {@code NEVER} runs alone.
     */
    public enum Chaining { ALWAYS, HEAD, NEVER }
    private TypeInformation<?> outputType;
    private TypeInformation<?> keyType;

    private Transformation(int id, Kind kind, String name, List<Input> inputs, Source<?, ?> source,
                           Operation operation, OutputTag<?> sideOutputTag) {
        this.id = id;
        this.kind = kind;
        this.name = name;
        this.label = source != null ? stableClassName(source.getClass(), "Source") : name;
        this.inputs = List.copyOf(inputs);
        this.source = source;
        this.operation = operation;
        this.sideOutputTag = sideOutputTag;
    }

    public static Transformation source(int id, String name, Source<?, ?> source) {
        return new Transformation(id, Kind.SOURCE, name, List.of(), source, null, null);
    }

    /** A source whose records get timestamps and watermarks from {@code watermarkStrategy}. */
    public static Transformation source(int id, String name, Source<?, ?> source,
                                        dev.weir.api.eventtime.WatermarkStrategy<?> watermarkStrategy) {
        Transformation t = source(id, name, source);
        t.watermarkStrategy = java.util.Objects.requireNonNull(watermarkStrategy, "watermarkStrategy");
        return t;
    }

    /** A source's watermark strategy ({@code noWatermarks()} unless one was given). */
    public dev.weir.api.eventtime.WatermarkStrategy<?> watermarkStrategy() {
        return watermarkStrategy;
    }

    public static Transformation operator(int id, Kind kind, String name, List<Input> inputs, Operation operation) {
        java.util.Objects.requireNonNull(operation, "operation");
        if (kind == Kind.SOURCE || kind == Kind.SIDE_OUTPUT) {
            throw new IllegalArgumentException("use source(..) or sideOutput(..)");
        }
        return new Transformation(id, kind, name, inputs, null, operation, null);
    }

    /** The node where the side output {@code tag} of {@code producer} starts. */
    public static Transformation sideOutput(int id, Transformation producer, OutputTag<?> tag) {
        if (producer.kind() == Kind.SINK) {
            throw new IllegalArgumentException("sink " + producer + " has no side outputs");
        }
        return new Transformation(id, Kind.SIDE_OUTPUT, "SideOutput(" + tag.getId() + ")",
                List.of(new Input(producer, new Partitioning.Forward())), null, new Operation.PassThrough(), tag);
    }

    /** The tag of a {@link Kind#SIDE_OUTPUT} node, else null. */
    public OutputTag<?> sideOutputTag() {
        return sideOutputTag;
    }

    /** The side output nodes read from this node so far, by tag (created by the API on first use). */
    public Map<OutputTag<?>, Transformation> sideOutputs() {
        return sideOutputs;
    }

    /**
     * Sets the inputs of a node whose inputs are known only when the job is built (the job's merged
     * dead-letter stream): called by the environment just before it builds the job graph.
     */
    public void replaceInputs(List<Input> inputs) {
        this.inputs = List.copyOf(inputs);
    }

    /** The error policy set on this operator, or null for the job's default. */
    public ErrorPolicy errorPolicy() {
        return errorPolicy;
    }

    public void setErrorPolicy(ErrorPolicy errorPolicy) {
        if (!followsErrorPolicy()) {
            throw new IllegalArgumentException("operator " + this + " has no error policy: only sources and "
                    + "operators that run a user function have one (a sink's failures always fail the task)");
        }
        this.errorPolicy = java.util.Objects.requireNonNull(errorPolicy, "errorPolicy");
    }

    /** Sources and operators running a user function follow an error policy; sinks and side output nodes do not. */
    public boolean followsErrorPolicy() {
        return kind == Kind.SOURCE || kind == Kind.OPERATOR || kind == Kind.KEYED_OPERATOR;
    }

    /** Fixes the policy this node runs with: its own, or else {@code jobDefault}; fail for nodes without a policy. */
    public void resolveErrorPolicy(ErrorPolicy jobDefault) {
        effectiveErrorPolicy = !followsErrorPolicy() ? ErrorPolicy.fail()
                : errorPolicy != null ? errorPolicy : jobDefault;
    }

    /** The policy resolved by {@link #resolveErrorPolicy}; before that, its own or fail. */
    public ErrorPolicy effectiveErrorPolicy() {
        return effectiveErrorPolicy != null ? effectiveErrorPolicy
                : errorPolicy != null && followsErrorPolicy() ? errorPolicy : ErrorPolicy.fail();
    }

    /** A class's simple name, unless it is generated (lambda, anonymous), which changes between builds. */
    private static String stableClassName(Class<?> type, String fallback) {
        String simple = type.getSimpleName();
        return type.isSynthetic() || type.isAnonymousClass() || simple.isEmpty() || simple.contains("$$")
                ? fallback : simple;
    }

    /**
     * What kind of operator this is, independent of names the user gave and of parameters such as
     * paths: the operator type ("Map", "Count", ...) or a source's class. Part of a generated uid.
     */
    public String label() {
        return label;
    }

    /** The user's function (or sink), or the source; null for built-in operations. */
    public Object userFunction() {
        return source != null ? source : operation.userFunction();
    }

    /** Whether a restore needs this operator's uid: sources, keyed operators and functions with state. */
    public boolean isStateful() {
        return kind == Kind.SOURCE || kind == Kind.KEYED_OPERATOR
                || userFunction() instanceof dev.weir.api.functions.CheckpointedFunction;
    }

    public int id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public List<Input> inputs() {
        return inputs;
    }

    public Source<?, ?> source() {
        return source;
    }

    /** What the node does (null for a source: see {@link #source()}). */
    public Operation operation() {
        return operation;
    }

    public String name() {
        return name;
    }

    public void setName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("operator name must not be blank (operator " + this.name + ")");
        }
        this.name = name;
    }

    public String uid() {
        return uid;
    }

    public void setUid(String uid) {
        if (uid == null || uid.isBlank()) {
            throw new IllegalArgumentException("uid must not be blank (operator '" + name + "')");
        }
        this.uid = uid;
    }

    /** The parallelism set on this operator, or -1 for the environment's default. */
    public int parallelism() {
        return parallelism;
    }

    public void setParallelism(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism of operator '" + name + "' must be at least 1, was "
                    + parallelism);
        }
        this.parallelism = parallelism;
    }

    public Chaining chaining() {
        return chaining;
    }

    public void setChaining(Chaining chaining) {
        this.chaining = java.util.Objects.requireNonNull(chaining, "chaining");
    }

    /** The buffer timeout of this operator's output in milliseconds, or -1 for the environment's. */
    public long bufferTimeout() {
        return bufferTimeout;
    }

    public void setBufferTimeout(long timeoutMillis) {
        if (timeoutMillis < -1) {
            throw new IllegalArgumentException("buffer timeout of operator '" + name + "' must be -1 (the job's), 0 "
                    + "(every record at once) or a positive number of milliseconds, was " + timeoutMillis);
        }
        this.bufferTimeout = timeoutMillis;
    }

    /**
     * The type of the records this node emits, where known: declared with {@code returns(..)},
     * found from a function class's generic signature or given by a source; null where unknown (a
     * lambda's generic output type is erased). Records pass by reference inside one JVM, so nothing
     * needs it to run; it lets the API check field names and lets the engine read back the POJO
     * classes the job declares.
     */
    public TypeInformation<?> outputType() {
        return outputType;
    }

    public void setOutputType(TypeInformation<?> outputType) {
        this.outputType = java.util.Objects.requireNonNull(outputType, "outputType");
    }

    /** The type of the keys of a keyed operator, where known ({@code keyBy(selector, keyType)}), else null. */
    public TypeInformation<?> keyType() {
        return keyType;
    }

    public void setKeyType(TypeInformation<?> keyType) {
        this.keyType = keyType;
    }

    @Override
    public String toString() {
        return "'" + name + "'" + (uid == null ? "" : " (uid '" + uid + "')");
    }
}
