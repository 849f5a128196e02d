package dev.weir.bench.flink;

import dev.weir.nexmark.model.Auction;
import dev.weir.nexmark.model.Event;
import dev.weir.nexmark.model.GeneratorConfig;
import dev.weir.nexmark.model.NexmarkGenerator;
import dev.weir.nexmark.model.Person;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * Nexmark q8 written by hand with Flink's DataStream API: the same job as weir-nexmark's
 * {@code Q8MonitorNewUsers} (persons and auctions cut from the one event stream, {@code connect} +
 * {@code keyBy(id, seller)} and a {@code KeyedCoProcessFunction} joining each key's 10 s tumbling windows in
 * keyed map state with an event-time timer per window), over the same events (Weir's generator, one split per
 * source subtask, 10 M events per second of event time, watermarks 4 s behind). It is the peer of that query run
 * by Weir's Flink runner: the two differ only in what the translation adds.
 */
final class NexmarkDataStream {
    /** The workload's name. */
    static final String Q8 = "nexmark-q8-datastream";
    private static final long WINDOW_MS = 10_000;

    private NexmarkDataStream() {
    }

    static void defineQ8(StreamExecutionEnvironment env, long events, int parallelism) {
        GeneratorConfig config = GeneratorConfig.defaults().withEventsPerSecond(NexmarkSql.EVENTS_PER_SECOND);
        DataGeneratorSource<Event> source = new DataGeneratorSource<>(
                new SplitEvents(config.seed(), config.eventsPerSecond(), events, parallelism), events,
                RateLimiterStrategy.noOp(), TypeInformation.of(Event.class));
        DataStream<Event> all = env.fromSource(source, WatermarkStrategy.<Event>forBoundedOutOfOrderness(
                        Duration.ofSeconds(4)).withTimestampAssigner((event, previous) -> event.dateTime()), "events")
                .uid("events").setParallelism(parallelism);
        DataStream<Person> persons = all.filter(event -> event.eventType() == Event.PERSON).name("persons").uid("persons")
                .map(Event::person).returns(Person.class).name("person").uid("person");
        DataStream<Auction> auctions = all.filter(event -> event.eventType() == Event.AUCTION).name("auctions")
                .uid("auctions").map(Event::auction).returns(Auction.class).name("auction").uid("auction");
        persons.connect(auctions)
                .keyBy(Person::id, Auction::seller, Types.LONG)
                .process(new JoinInWindow()).returns(Row.class).name("q8").uid("q8")
                .sinkTo(new DiscardingSink<>()).name("results").uid("results");
    }

    /** A result row: {@code id, name, starttime} (epoch ms). */
    public record Row(long id, String name, long starttime) {
    }

    /** Per key and window start: the person's name (input 1), whether it sold anything (input 2); joined on the timer. */
    static final class JoinInWindow extends KeyedCoProcessFunction<Long, Person, Auction, Row> {
        private transient MapState<Long, String> persons;
        private transient MapState<Long, Boolean> sellers;

        @Override
        public void open(OpenContext openContext) {
            persons = getRuntimeContext().getMapState(new MapStateDescriptor<>("persons", Types.LONG, Types.STRING));
            sellers = getRuntimeContext().getMapState(new MapStateDescriptor<>("sellers", Types.LONG, Types.BOOLEAN));
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

        private static long windowOf(long time, Context ctx) {
            long start = Math.floorDiv(time, WINDOW_MS) * WINDOW_MS;
            long lastMilli = start + WINDOW_MS - 1;
            if (lastMilli <= ctx.timerService().currentWatermark()) {
                return Long.MIN_VALUE; // late: the window was joined already
            }
            ctx.timerService().registerEventTimeTimer(lastMilli);
            return start;
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
            long start = timestamp + 1 - WINDOW_MS;
            String name = persons.get(start);
            if (name != null && sellers.contains(start)) {
                out.collect(new Row(ctx.getCurrentKey(), name, start));
            }
            persons.remove(start);
            sellers.remove(start);
        }
    }

    /** Generator index {@code i} as the event of Weir's generator at {@link NexmarkGenerator#placeOfRangeIndex}. */
    static final class SplitEvents implements GeneratorFunction<Long, Event> {
        private final long seed;
        private final long eventsPerSecond;
        private final long events;
        private final int splits;
        private transient NexmarkGenerator generator;

        SplitEvents(long seed, long eventsPerSecond, long events, int splits) {
            this.seed = seed;
            this.eventsPerSecond = eventsPerSecond;
            this.events = events;
            this.splits = splits;
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            generator = new NexmarkGenerator(GeneratorConfig.defaults().withSeed(seed).withEventsPerSecond(eventsPerSecond));
        }

        @Override
        public Event map(Long index) {
            return generator.event(NexmarkGenerator.placeOfRangeIndex(index, events, splits));
        }
    }
}
