package dev.weir.nexmark;

import dev.weir.api.Collector;
import dev.weir.api.DataStream;
import dev.weir.api.SingleOutputStreamOperator;
import dev.weir.api.functions.KeyedCoProcessFunction;
import dev.weir.api.functions.OpenContext;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.nexmark.model.Auction;
import dev.weir.nexmark.model.Event;
import dev.weir.nexmark.model.Person;
import java.time.Duration;

/**
 * Nexmark q8, monitor new users: the persons who joined and opened an auction within the same
 * tumbling window of 10 s (event time).
 *
 * <pre>
 * SELECT P.id, P.name, P.starttime
 * FROM (SELECT id, name, window_start AS starttime, window_end AS endtime
 *       FROM TUMBLE(person, 10 s) GROUP BY id, name, window_start, window_end) P
 * JOIN (SELECT seller, window_start AS starttime, window_end AS endtime
 *       FROM TUMBLE(auction, 10 s) GROUP BY seller, window_start, window_end) A
 *   ON P.id = A.seller AND P.starttime = A.starttime AND P.endtime = A.endtime
 * </pre>
 *
 * A window join written by hand with the DataStream API: {@code persons.connect(auctions)
 * .keyBy(id, seller)} → {@link JoinInWindow}, a {@code KeyedCoProcessFunction} that keeps, per key and
 * window start, the person's name (input 1) and whether the person sold anything (input 2) in keyed
 * map state, and registers an event-time timer at the window's last millisecond. When the watermark
 * passes it, the window is joined — one row if both sides were there, as the two {@code GROUP BY}s
 * make each side distinct — and its state is cleared. State therefore lives only for the windows the
 * watermark has not yet passed.
 *
 * <p>Output: {@link Row} {@code id, name, starttime} (the window's start, epoch ms), one per person
 * and window, when the watermark passes the window's end. An event whose window the watermark has
 * already passed (more than the out-of-orderness late) is dropped, as the SQL's window aggregations
 * drop it (a user function has no way to add to the window operators' late-record count, so the
 * job's summary does not count these). Nexmark's person ids are unique, so a key holds one name per window (the SQL would give a
 * row per distinct name).
 */
public final class Q8MonitorNewUsers {
    public static final Duration WINDOW_SIZE = Duration.ofSeconds(10);

    private Q8MonitorNewUsers() {
    }

    /** A result row: {@code id, name, starttime} (epoch ms). */
    public record Row(long id, String name, long starttime) {
        @Override
        public String toString() {
            return id + "," + Csv.text(name) + "," + starttime;
        }
    }

    public static SingleOutputStreamOperator<Row> apply(DataStream<Event> events) {
        return NexmarkViews.persons(events)
                .connect(NexmarkViews.auctions(events))
                .keyBy(Person::id, Auction::seller)
                .process(new JoinInWindow(WINDOW_SIZE.toMillis())).name("q8").uid("q8");
    }

    /**
     * The tumbling-window join of one key: input 1 persons, input 2 auctions; a timer per window
     * that has seen either, at the window's last millisecond.
     */
    static final class JoinInWindow extends KeyedCoProcessFunction<Long, Person, Auction, Row> {
        private final long size;
        /** Window start → the name of the person who joined in it. */
        private transient MapState<Long, String> persons;
        /** Window start → {@code true}: the key sold something in it. */
        private transient MapState<Long, Boolean> sellers;

        JoinInWindow(long size) {
            this.size = size;
        }

        @Override
        public void open(OpenContext openContext) {
            persons = getRuntimeContext().getMapState(new MapStateDescriptor<>("persons", Long.class, String.class));
            sellers = getRuntimeContext().getMapState(new MapStateDescriptor<>("sellers", Long.class, Boolean.class));
        }

        @Override
        public void processElement1(Person person, Context ctx, Collector<Row> out) throws Exception {
            long start = windowOf(person.dateTime(), ctx);
            if (start != Long.MIN_VALUE) {
                persons.put(start, person.name());
            }
        }

        @Override
        public void processElement2(Auction auction, Context ctx, Collector<Row> out) throws Exception {
            long start = windowOf(auction.dateTime(), ctx);
            if (start != Long.MIN_VALUE && !sellers.contains(start)) {
                sellers.put(start, Boolean.TRUE);
            }
        }

        /** The start of the window of {@code time}, its timer registered; {@code Long.MIN_VALUE} if the window has fired. */
        private long windowOf(long time, Context ctx) {
            long start = Math.floorDiv(time, size) * size;
            long lastMilli = start + size - 1;
            if (lastMilli <= ctx.timerService().currentWatermark()) {
                return Long.MIN_VALUE; // late: its window was joined and emitted already
            }
            ctx.timerService().registerEventTimeTimer(lastMilli);
            return start;
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
            long start = timestamp + 1 - size;
            String name = persons.get(start);
            if (name != null && sellers.contains(start)) {
                out.collect(new Row(ctx.getCurrentKey(), name, start));
            }
            persons.remove(start);
            sellers.remove(start);
        }
    }
}
