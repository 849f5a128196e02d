package dev.weir.api;

/**
 * Names a side output of an operator: a second stream of records of type {@code T} that a
 * process function emits with {@code context.output(tag, value)} and the job reads with
 * {@link SingleOutputStreamOperator#getSideOutput}. As in Flink, create one as an anonymous subclass, which
 * keeps the type argument, or with an explicit type:
 *
 * <pre>{@code
 * OutputTag<String> late = new OutputTag<String>("late-data") {};
 * OutputTag<Event> rejected = new OutputTag<>("rejected", Event.class);
 * }</pre>
 *
 * <p>Two tags are equal when their ids are: use one id per kind of side output of an operator.
 * Records emitted to a tag that nothing reads are dropped. Immutable.
 */
public class OutputTag<T> {
    private final String id;
    private final Class<T> type;

    /** A tag whose type is known from an anonymous subclass ({@code new OutputTag<X>("id") {}}) or not needed. */
    public OutputTag(String id) {
        this(id, (Class<T>) null);
    }

    /** A tag with an explicit record type, as Flink's {@code new OutputTag<>("id", Types.STRING)}. */
    public OutputTag(String id, dev.weir.api.typeinfo.TypeInformation<T> typeInfo) {
        this(id, java.util.Objects.requireNonNull(typeInfo, "typeInfo").getTypeClass());
    }

    /** A tag with an explicit record type. */
    public OutputTag(String id, Class<T> type) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("OutputTag id must not be blank");
        }
        this.id = id;
        this.type = type;
    }

    public String getId() {
        return id;
    }

    /** The record type given to the constructor, or null. */
    public Class<T> getType() {
        return type;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputTag<?> other && other.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "OutputTag(" + id + ")";
    }
}
