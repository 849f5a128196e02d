package dev.weir.bench.flink;

import dev.weir.nexmark.model.Auction;
import dev.weir.nexmark.model.Bid;
import dev.weir.nexmark.model.Event;
import dev.weir.nexmark.model.GeneratorConfig;
import dev.weir.nexmark.model.NexmarkGenerator;
import dev.weir.nexmark.model.Person;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * The Flink SQL peer of Weir's Nexmark workloads ({@code nexmark-q0}, ...): the queries of
 * nexmark/nexmark as Flink SQL over the same events (Weir's {@link NexmarkGenerator}, one split per
 * source subtask, {@link #EVENTS_PER_SECOND} events per second of event time), read through a
 * {@link DataGeneratorSource} of {@link RowData} rows shaped as nexmark's {@code datagen} table
 * ({@code event_type}, {@code person}, {@code auction}, {@code bid}, the computed {@code dateTime}
 * with a watermark 4 s behind), the views {@code person}, {@code auction}, {@code bid}, and a
 * {@code blackhole} sink table per query. Table settings as nexmark's Flink configuration: mini-batch
 * on (allow-latency 2 s, size 50,000), distinct aggregates split.
 */
final class NexmarkSql {
    /** Events per second of event time: nexmark's {@code first-event.rate} in its benchmark runs (TPS 10 M). */
    static final long EVENTS_PER_SECOND = 10_000_000;
    static final List<String> NAMES = List.of("nexmark-q0", "nexmark-q1", "nexmark-q2", "nexmark-q3", "nexmark-q4", "nexmark-q5",
            "nexmark-q7", "nexmark-q8", "nexmark-q11", "nexmark-q12");

    /** Per query: its sink table's columns, and the query that fills it. */
    private static final Map<String, String[]> QUERIES = Map.of(
            "q0", new String[] {"auction BIGINT, bidder BIGINT, price BIGINT, `dateTime` TIMESTAMP(3), extra VARCHAR",
                "SELECT auction, bidder, price, `dateTime`, extra FROM bid"},
            "q1", new String[] {"auction BIGINT, bidder BIGINT, price DECIMAL(23, 3), `dateTime` TIMESTAMP(3), "
                    + "extra VARCHAR",
                "SELECT auction, bidder, 0.908 * price AS price, `dateTime`, extra FROM bid"},
            "q2", new String[] {"auction BIGINT, price BIGINT",
                "SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0"},
            "q3", new String[] {"name VARCHAR, city VARCHAR, state VARCHAR, id BIGINT",
                "SELECT P.name, P.city, P.state, A.id"
                    + " FROM auction AS A INNER JOIN person AS P ON A.seller = P.id"
                    + " WHERE A.category = 10 AND (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA')"},
            "q4", new String[] {"id BIGINT, final BIGINT",
                "SELECT Q.category, AVG(Q.final) FROM ("
                    + " SELECT MAX(B.price) AS final, A.category FROM auction A, bid B"
                    + " WHERE A.id = B.auction AND B.`dateTime` BETWEEN A.`dateTime` AND A.expires"
                    + " GROUP BY A.id, A.category) Q"
                    + " GROUP BY Q.category"},
            "q5", new String[] {"auction BIGINT, num BIGINT",
                "SELECT AuctionBids.auction, AuctionBids.num FROM ("
                    + " SELECT auction, count(*) AS num, window_start AS starttime, window_end AS endtime"
                    + " FROM TABLE(HOP(TABLE bid, DESCRIPTOR(`dateTime`), INTERVAL '2' SECOND, INTERVAL '10' SECOND))"
                    + " GROUP BY auction, window_start, window_end) AS AuctionBids"
                    + " JOIN ("
                    + " SELECT max(CountBids.num) AS maxn, CountBids.starttime, CountBids.endtime FROM ("
                    + "  SELECT count(*) AS num, window_start AS starttime, window_end AS endtime"
                    + "  FROM TABLE(HOP(TABLE bid, DESCRIPTOR(`dateTime`), INTERVAL '2' SECOND, INTERVAL '10' SECOND))"
                    + "  GROUP BY auction, window_start, window_end) AS CountBids"
                    + " GROUP BY CountBids.starttime, CountBids.endtime) AS MaxBids"
                    + " ON AuctionBids.starttime = MaxBids.starttime AND AuctionBids.endtime = MaxBids.endtime"
                    + " AND AuctionBids.num >= MaxBids.maxn"},
            "q7", new String[] {"auction BIGINT, price BIGINT, bidder BIGINT, `dateTime` TIMESTAMP(3), extra VARCHAR",
                "SELECT B.auction, B.price, B.bidder, B.`dateTime`, B.extra FROM bid B"
                    + " JOIN (SELECT MAX(price) AS maxprice, window_end AS `dateTime`"
                    + "  FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(`dateTime`), INTERVAL '10' SECOND))"
                    + "  GROUP BY window_start, window_end) B1"
                    + " ON B.price = B1.maxprice"
                    + " WHERE B.`dateTime` BETWEEN B1.`dateTime` - INTERVAL '10' SECOND AND B1.`dateTime`"},
            "q8", new String[] {"id BIGINT, name VARCHAR, stime TIMESTAMP(3)",
                "SELECT P.id, P.name, P.starttime FROM ("
                    + " SELECT id, name, window_start AS starttime, window_end AS endtime"
                    + " FROM TABLE(TUMBLE(TABLE person, DESCRIPTOR(`dateTime`), INTERVAL '10' SECOND))"
                    + " GROUP BY id, name, window_start, window_end) P"
                    + " JOIN ("
                    + " SELECT seller, window_start AS starttime, window_end AS endtime"
                    + " FROM TABLE(TUMBLE(TABLE auction, DESCRIPTOR(`dateTime`), INTERVAL '10' SECOND))"
                    + " GROUP BY seller, window_start, window_end) A"
                    + " ON P.id = A.seller AND P.starttime = A.starttime AND P.endtime = A.endtime"},
            "q11", new String[] {"bidder BIGINT, bid_count BIGINT, starttime TIMESTAMP(3), endtime TIMESTAMP(3)",
                "SELECT B.bidder, count(*) AS bid_count, SESSION_START(B.`dateTime`, INTERVAL '10' SECOND) AS starttime,"
                    + " SESSION_END(B.`dateTime`, INTERVAL '10' SECOND) AS endtime"
                    + " FROM bid B GROUP BY B.bidder, SESSION(B.`dateTime`, INTERVAL '10' SECOND)"},
            "q12", new String[] {"bidder BIGINT, bid_count BIGINT, starttime TIMESTAMP(3), endtime TIMESTAMP(3)",
                "SELECT bidder, count(*) AS bid_count, window_start AS starttime, window_end AS endtime"
                    + " FROM TABLE(TUMBLE(TABLE B, DESCRIPTOR(p_time), INTERVAL '10' SECOND))"
                    + " GROUP BY bidder, window_start, window_end"});

    private static final DataType PERSON = DataTypes.ROW(
            DataTypes.FIELD("id", DataTypes.BIGINT()),
            DataTypes.FIELD("name", DataTypes.STRING()),
            DataTypes.FIELD("emailAddress", DataTypes.STRING()),
            DataTypes.FIELD("creditCard", DataTypes.STRING()),
            DataTypes.FIELD("city", DataTypes.STRING()),
            DataTypes.FIELD("state", DataTypes.STRING()),
            DataTypes.FIELD("dateTime", DataTypes.TIMESTAMP(3)),
            DataTypes.FIELD("extra", DataTypes.STRING()));
    private static final DataType AUCTION = DataTypes.ROW(
            DataTypes.FIELD("id", DataTypes.BIGINT()),
            DataTypes.FIELD("itemName", DataTypes.STRING()),
            DataTypes.FIELD("description", DataTypes.STRING()),
            DataTypes.FIELD("initialBid", DataTypes.BIGINT()),
            DataTypes.FIELD("reserve", DataTypes.BIGINT()),
            DataTypes.FIELD("dateTime", DataTypes.TIMESTAMP(3)),
            DataTypes.FIELD("expires", DataTypes.TIMESTAMP(3)),
            DataTypes.FIELD("seller", DataTypes.BIGINT()),
            DataTypes.FIELD("category", DataTypes.BIGINT()),
            DataTypes.FIELD("extra", DataTypes.STRING()));
    private static final DataType BID = DataTypes.ROW(
            DataTypes.FIELD("auction", DataTypes.BIGINT()),
            DataTypes.FIELD("bidder", DataTypes.BIGINT()),
            DataTypes.FIELD("price", DataTypes.BIGINT()),
            DataTypes.FIELD("channel", DataTypes.STRING()),
            DataTypes.FIELD("url", DataTypes.STRING()),
            DataTypes.FIELD("dateTime", DataTypes.TIMESTAMP(3)),
            DataTypes.FIELD("extra", DataTypes.STRING()));
    private static final DataType EVENT = DataTypes.ROW(
            DataTypes.FIELD("event_type", DataTypes.INT()),
            DataTypes.FIELD("person", PERSON),
            DataTypes.FIELD("auction", AUCTION),
            DataTypes.FIELD("bid", BID));

    private NexmarkSql() {
    }

    /** Adds the query's pipeline (source, views, INSERT INTO a blackhole table) to {@code env}. */
    static void define(StreamExecutionEnvironment env, String workload, long events, int parallelism) {
        String query = workload.substring("nexmark-".length());
        StreamTableEnvironment tables = tables(env, GeneratorConfig.defaults().withEventsPerSecond(EVENTS_PER_SECOND),
                events, parallelism);
        tables.executeSql("CREATE TEMPORARY TABLE nexmark_" + query + " (" + query(query)[0]
                + ") WITH ('connector' = 'blackhole')");
        StreamStatementSet statements = tables.createStatementSet();
        statements.addInsertSql("INSERT INTO nexmark_" + query + " " + query(query)[1]);
        statements.attachAsDataStream();
    }

    /** The sink table's columns and the SELECT of query {@code query} ({@code q5}). */
    static String[] query(String query) {
        String[] sinkAndQuery = QUERIES.get(query);
        if (sinkAndQuery == null) {
            throw new IllegalArgumentException("no Nexmark query " + query + " in the Flink peer; there are "
                    + QUERIES.keySet());
        }
        return sinkAndQuery;
    }

    /**
     * A table environment on {@code env} with nexmark's settings, the table {@code datagen} of
     * {@code events} events of the generator configured so (one split per source subtask), and the
     * views {@code person}, {@code auction}, {@code bid} and {@code B} (bids with a processing-time column).
     */
    static StreamTableEnvironment tables(StreamExecutionEnvironment env, GeneratorConfig config, long events,
                                         int parallelism) {
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        Configuration settings = new Configuration();
        settings.setString("table.exec.mini-batch.enabled", "true");
        settings.setString("table.exec.mini-batch.allow-latency", "2s");
        settings.setString("table.exec.mini-batch.size", "50000");
        settings.setString("table.optimizer.distinct-agg.split.enabled", "true");
        tables.getConfig().addConfiguration(settings);

        TypeInformation<RowData> rowType = InternalTypeInfo.of((RowType) EVENT.getLogicalType());
        DataGeneratorSource<RowData> source = new DataGeneratorSource<>(
                new EventRows(config.seed(), config.eventsPerSecond(), events, parallelism), events,
                RateLimiterStrategy.noOp(), rowType);
        DataStream<RowData> rows = env.fromSource(source, WatermarkStrategy.noWatermarks(), "events")
                .setParallelism(parallelism);
        tables.createTemporaryView("datagen", tables.fromDataStream(rows, Schema.newBuilder()
                .columnByExpression("dateTime", "CASE WHEN event_type = 0 THEN person.`dateTime`"
                        + " WHEN event_type = 1 THEN auction.`dateTime` ELSE bid.`dateTime` END")
                .watermark("dateTime", "`dateTime` - INTERVAL '4' SECOND")
                .build()));
        tables.executeSql("CREATE TEMPORARY VIEW person AS SELECT person.id, person.name, person.emailAddress,"
                + " person.creditCard, person.city, person.state, `dateTime`, person.extra"
                + " FROM datagen WHERE event_type = 0");
        tables.executeSql("CREATE TEMPORARY VIEW auction AS SELECT auction.id, auction.itemName,"
                + " auction.description, auction.initialBid, auction.reserve, `dateTime`, auction.expires,"
                + " auction.seller, auction.category, auction.extra FROM datagen WHERE event_type = 1");
        tables.executeSql("CREATE TEMPORARY VIEW bid AS SELECT bid.auction, bid.bidder, bid.price, bid.channel,"
                + " bid.url, `dateTime`, bid.extra FROM datagen WHERE event_type = 2");
        tables.executeSql("CREATE TEMPORARY VIEW B AS SELECT *, PROCTIME() AS p_time FROM bid");
        return tables;
    }

    /**
     * Index {@code i} of the generator source as the event of Weir's generator at
     * {@link NexmarkGenerator#placeOfRangeIndex}, as an internal row of the {@code datagen} table.
     */
    static final class EventRows implements GeneratorFunction<Long, RowData> {
        private final long seed;
        private final long eventsPerSecond;
        private final long events;
        private final int splits;
        private transient NexmarkGenerator generator;

        EventRows(long seed, long eventsPerSecond, long events, int splits) {
            this.seed = seed;
            this.eventsPerSecond = eventsPerSecond;
            this.events = events;
            this.splits = splits;
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            generator = new NexmarkGenerator(GeneratorConfig.defaults().withSeed(seed)
                    .withEventsPerSecond(eventsPerSecond));
        }

        @Override
        public RowData map(Long index) {
            Event event = generator.event(NexmarkGenerator.placeOfRangeIndex(index, events, splits));
            return switch (event.eventType()) {
                case Event.PERSON -> GenericRowData.of(Event.PERSON, person(event.person()), null, null);
                case Event.AUCTION -> GenericRowData.of(Event.AUCTION, null, auction(event.auction()), null);
                default -> GenericRowData.of(Event.BID, null, null, bid(event.bid()));
            };
        }

        private static RowData person(Person p) {
            return GenericRowData.of(p.id(), text(p.name()), text(p.emailAddress()), text(p.creditCard()),
                    text(p.city()), text(p.state()), time(p.dateTime()), text(p.extra()));
        }

        private static RowData auction(Auction a) {
            return GenericRowData.of(a.id(), text(a.itemName()), text(a.description()), a.initialBid(), a.reserve(),
                    time(a.dateTime()), time(a.expires()), a.seller(), a.category(), text(a.extra()));
        }

        private static RowData bid(Bid b) {
            return GenericRowData.of(b.auction(), b.bidder(), b.price(), text(b.channel()), text(b.url()),
                    time(b.dateTime()), text(b.extra()));
        }

        private static StringData text(String s) {
            return StringData.fromString(s);
        }

        private static TimestampData time(long epochMillis) {
            return TimestampData.fromEpochMillis(epochMillis);
        }
    }
}
