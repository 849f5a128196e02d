package dev.weir.api.functions.aggregation;

import dev.weir.api.functions.ReduceFunction;
import dev.weir.api.typeinfo.TypeExtractor;
import dev.weir.api.typeinfo.TypeInformation;

/**
 * A field aggregation of a {@code KeyedStream} ({@code sum}, {@code min}, {@code max},
 * {@code minBy}, {@code maxBy}) as a reduce function that the rolling reduce runs. The field is a
 * tuple position, or a POJO, record or tuple field name. When the stream's type is known where the
 * aggregation is defined (see {@code DataStream.getType()}), a field that does not exist is refused
 * there; otherwise it is checked against the class of the first record, and a wrong field fails
 * the job at that record, naming the type and its fields.
 *
 * @param <T> the type of the records
 */
public abstract class AggregationFunction<T> implements ReduceFunction<T> {

    /** The kinds of field aggregation. */
    public enum AggregationType { SUM, MIN, MAX, MINBY, MAXBY }

    private final int position;
    private final String field;
    private FieldAccessor accessor;

    AggregationFunction(int position, String field, TypeInformation<T> type) {
        this.position = position;
        this.field = field;
        if (type != null) {
            this.accessor = accessor(type);
            check(accessor);
        }
    }

    private FieldAccessor accessor(TypeInformation<?> type) {
        return field != null ? FieldAccessor.of(type, field) : FieldAccessor.of(type, position);
    }

    /** Refuses a field whose type this aggregation cannot handle. */
    abstract void check(FieldAccessor accessor);

    /** The accessor, resolved from the first record's class where the type was not known in advance. */
    final FieldAccessor accessor(T record) {
        if (accessor == null) {
            accessor = accessor(TypeExtractor.getForClass(record.getClass()));
            check(accessor);
        }
        return accessor;
    }
}
