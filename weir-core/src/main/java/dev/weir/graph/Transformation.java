package dev.weir.graph;

import dev.weir.api.connector.Source;
import java.util.List;

/**
 * A node of the logical plan, as the DataStream API builds it: one operator (or source, or sink)
 * with its inputs. The {@link JobGraphBuilder} turns these into chained job vertices.
 */
public final class Transformation {

    /** An input of a transformation: the upstream node and how records are partitioned. */
    public record Input(Transformation from, Partitioning partitioning) {
    }

    public enum Kind { SOURCE, OPERATOR, KEYED_OPERATOR, SINK }

    private final int id;
    private final Kind kind;
    private final List<Input> inputs;
    private final Source<?, ?> source;
    private final OperatorFactory operatorFactory;
    private String name;
    private String uid;
    private int parallelism = -1;
    private long bufferTimeout = -1;

    private Transformation(int id, Kind kind, String name, List<Input> inputs, Source<?, ?> source,
                           OperatorFactory operatorFactory) {
        this.id = id;
        this.kind = kind;
        this.name = name;
        this.inputs = List.copyOf(inputs);
        this.source = source;
        this.operatorFactory = operatorFactory;
    }

    public static Transformation source(int id, String name, Source<?, ?> source) {
        return new Transformation(id, Kind.SOURCE, name, List.of(), source, null);
    }

    public static Transformation operator(int id, Kind kind, String name, List<Input> inputs, OperatorFactory factory) {
        if (kind == Kind.SOURCE) {
            throw new IllegalArgumentException("use source(..)");
        }
        return new Transformation(id, kind, name, inputs, null, factory);
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

    public OperatorFactory operatorFactory() {
        return operatorFactory;
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

    @Override
    public String toString() {
        return "'" + name + "'" + (uid == null ? "" : " (uid '" + uid + "')");
    }
}
