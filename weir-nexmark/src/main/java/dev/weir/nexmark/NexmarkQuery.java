package dev.weir.nexmark;

import dev.weir.api.DataStream;
import dev.weir.api.SingleOutputStreamOperator;
import dev.weir.nexmark.model.Event;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * The Nexmark queries Weir has, by their names {@code q0}, {@code q1}, ...: each turns the stream of
 * events (timestamps and watermarks assigned) into its result rows, whose {@code toString()} is the
 * CSV line of the row. q3, q4, q6 and q8 join two streams ({@code connect} and a
 * {@code KeyedCoProcessFunction}).
 */
public enum NexmarkQuery {
    Q0(Q0PassThrough::apply),
    Q1(Q1CurrencyConversion::apply),
    Q2(Q2Selection::apply),
    Q3(Q3LocalItemSuggestion::apply),
    Q4(Q4AveragePriceForCategory::apply),
    Q5(Q5HotItems::apply),
    Q6(Q6AverageSellingPriceBySeller::apply),
    Q7(Q7HighestBid::apply),
    Q8(Q8MonitorNewUsers::apply),
    Q11(Q11UserSessions::apply),
    Q12(Q12ProcessingTimeWindows::apply);

    private final Function<DataStream<Event>, SingleOutputStreamOperator<?>> query;

    NexmarkQuery(Function<DataStream<Event>, SingleOutputStreamOperator<?>> query) {
        this.query = query;
    }

    /** The query's name as the command line gives it: {@code q0}, {@code q11}. */
    public String queryName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The query's result rows. */
    public SingleOutputStreamOperator<?> apply(DataStream<Event> events) {
        return query.apply(events);
    }

    /** The query named {@code name} ({@code q5}, {@code Q5}); fails naming the queries there are. */
    public static NexmarkQuery of(String name) {
        for (NexmarkQuery query : values()) {
            if (query.queryName().equalsIgnoreCase(name)) {
                return query;
            }
        }
        throw new IllegalArgumentException("unknown Nexmark query '" + name + "': one of "
                + String.join(", ", Arrays.stream(values()).map(NexmarkQuery::queryName).toList()));
    }
}
