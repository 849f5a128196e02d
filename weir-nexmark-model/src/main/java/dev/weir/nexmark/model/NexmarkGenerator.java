package dev.weir.nexmark.model;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Nexmark's events, after the model of the Nexmark benchmark (Beam's generator, as nexmark/nexmark
 * uses it for Flink): event {@code n} of a stream is a pure function of the {@link GeneratorConfig}
 * and {@code n}, so any split of the stream, in any process, makes the same events.
 *
 * <p><b>The model.</b> Events come in rounds of {@link GeneratorConfig#totalProportion()} (50): the
 * first {@code personProportion} (1) are persons, the next {@code auctionProportion} (3) auctions,
 * the rest (46) bids. Persons and auctions get consecutive ids from 1000. An auction's seller is,
 * 3 times in 4, the current hot seller (the latest person id rounded down to a hundred), otherwise
 * one of the latest {@code activePeople} persons (or up to 10 ids ahead, a person not yet seen).
 * A bid goes, 1 time in 2, to the current hot auction (the latest auction id rounded down to a
 * hundred), otherwise to one of the latest {@code inFlightAuctions} auctions (or up to 10 ahead);
 * its bidder is, 3 times in 4, the current hot bidder (the hot seller's id + 1), otherwise one of the
 * active persons. Prices are log-uniform between 1 and 1,000,000 dollars (in cents); an auction
 * expires at a random time within twice the time it takes for {@code inFlightAuctions} more auctions
 * to appear; {@code extra} pads each event to its average size. Event {@code n} happens at
 * {@link GeneratorConfig#timestampOf}{@code (n')}, where {@code n'} is {@code n} shuffled within its
 * group of {@code outOfOrderGroupSize} events (the event at place {@code n} is the one of number
 * {@code n'}); with group size 1 (the default) event time never goes back.
 *
 * <p><b>Splits.</b> Split {@code i} of {@code k} makes events {@code i, i+k, i+2k, ...}: every split
 * advances through event time at the pace of the whole stream, so parallel splits keep their
 * watermarks together, and the union of the splits is the whole stream.
 *
 * <p>Differs from nexmark/nexmark's Flink generator in: the randomness (seeded per event rather than
 * one stream per split, so that events do not depend on the split count); the bidder id, which that
 * generator offsets by 1000 twice (Beam's original, followed here, once); splits interleaved rather
 * than in ranges of ids.
 *
 * <p>An instance reuses one random-number state: use one per thread.
 */
public final class NexmarkGenerator {
    private static final long FIRST_PERSON_ID = 1000;
    private static final long FIRST_AUCTION_ID = 1000;
    private static final long FIRST_CATEGORY_ID = 10;
    private static final int CATEGORIES = 5;
    private static final int HOT_ROUNDING = 100;
    private static final int ID_LEAD = 10;

    private final GeneratorConfig config;
    private final SplitMixRandom random = new SplitMixRandom();

    public NexmarkGenerator(GeneratorConfig config) {
        this.config = config;
    }

    public GeneratorConfig config() {
        return config;
    }

    /** The event at place {@code n} (0, 1, 2, ...) of the stream. */
    public Event event(long n) {
        long number = shuffled(n);
        long timestamp = config.timestampOf(number);
        random.reseed(config.seed(), number);
        long slot = number % config.totalProportion();
        if (slot < config.personProportion()) {
            return Event.of(person(number, timestamp));
        } else if (slot < config.personProportion() + config.auctionProportion()) {
            return Event.of(auction(number, timestamp));
        }
        return Event.of(bid(number, timestamp));
    }

    /** How many of {@code total} events split {@code split} of {@code splits} makes. */
    public static long eventsInSplit(long total, int split, int splits) {
        checkSplit(split, splits);
        return total / splits + (split < total % splits ? 1 : 0);
    }

    /** The place in the whole stream of the {@code index}-th event of split {@code split} of {@code splits}. */
    public static long placeInStream(int split, int splits, long index) {
        return split + index * splits;
    }

    /**
     * The place in the stream of index {@code index} of a generator source that gives each of
     * {@code splits} subtasks one contiguous range of the indexes {@code [0, total)} (the first
     * {@code total % splits} subtasks one index more, as Weir's and Flink's {@code DataGeneratorSource}
     * do): index {@code j} of subtask {@code s}'s range is the {@code j}-th event of split {@code s}.
     * The ranges and the splits have the same sizes, so every event is made exactly once.
     */
    public static long placeOfRangeIndex(long index, long total, int splits) {
        long base = total / splits;
        long longer = total % splits; // subtasks 0..longer-1 read base + 1 indexes
        if (index < longer * (base + 1)) {
            return placeInStream((int) (index / (base + 1)), splits, index % (base + 1));
        }
        long rest = index - longer * (base + 1);
        return placeInStream((int) (longer + rest / base), splits, rest % base);
    }

    /** The events of split {@code split} of {@code splits} of a stream of {@code total} events, in order. */
    public Iterator<Event> split(long total, int split, int splits) {
        long count = eventsInSplit(total, split, splits);
        return new Iterator<>() {
            private long index;

            @Override
            public boolean hasNext() {
                return index < count;
            }

            @Override
            public Event next() {
                if (index >= count) {
                    throw new NoSuchElementException();
                }
                return event(placeInStream(split, splits, index++));
            }
        };
    }

    /** The first {@code total} events of the stream, in a list (for tests and small files). */
    public List<Event> events(long total) {
        List<Event> events = new ArrayList<>((int) Math.min(total, 1 << 20));
        for (long n = 0; n < total; n++) {
            events.add(event(n));
        }
        return events;
    }

    private static void checkSplit(int split, int splits) {
        if (splits < 1 || split < 0 || split >= splits) {
            throw new IllegalArgumentException("split " + split + " of " + splits + ": need 0 <= split < splits");
        }
    }

    /** The number of the event at place {@code n}: a permutation within each out-of-order group. */
    private long shuffled(long n) {
        long group = config.outOfOrderGroupSize();
        return (n / group) * group + (n * 953) % group;
    }

    private Person person(long number, long timestamp) {
        long id = lastPersonBase0(number) + FIRST_PERSON_ID;
        String name = Words.pick(Words.FIRST_NAMES, random) + " " + Words.pick(Words.LAST_NAMES, random);
        String email = Words.letters(random, 7) + "@" + Words.letters(random, 5) + ".com";
        String creditCard = Words.creditCard(random);
        String city = Words.pick(Words.CITIES, random);
        String state = Words.pick(Words.STATES, random);
        int size = 8 + name.length() + email.length() + creditCard.length() + city.length() + state.length();
        return new Person(id, name, email, creditCard, city, state, timestamp,
                Words.extra(random, size, config.avgPersonBytes()));
    }

    private Auction auction(long number, long timestamp) {
        long id = lastAuctionBase0(number) + FIRST_AUCTION_ID;
        long seller = random.nextInt(config.hotSellerRatio()) > 0
                ? (lastPersonBase0(number) / HOT_ROUNDING) * HOT_ROUNDING
                : somePersonBase0(number);
        long category = FIRST_CATEGORY_ID + random.nextInt(CATEGORIES);
        long initialBid = price();
        long reserve = initialBid + price();
        String itemName = Words.letters(random, 20);
        String description = Words.letters(random, 100);
        long eventsUntilInFlightReplaced = (long) config.inFlightAuctions() * config.totalProportion()
                / config.auctionProportion();
        long horizon = config.timestampOf(number + eventsUntilInFlightReplaced) - timestamp;
        long expires = timestamp + 1 + random.nextLong(Math.max(2 * horizon, 1));
        int size = 8 + itemName.length() + description.length() + 5 * 8;
        return new Auction(id, itemName, description, initialBid, reserve, timestamp, expires,
                seller + FIRST_PERSON_ID, category, Words.extra(random, size, config.avgAuctionBytes()));
    }

    private Bid bid(long number, long timestamp) {
        long auction = random.nextInt(config.hotAuctionRatio()) > 0
                ? (lastAuctionBase0(number) / HOT_ROUNDING) * HOT_ROUNDING
                : someAuctionBase0(number);
        long bidder = random.nextInt(config.hotBidderRatio()) > 0
                ? (lastPersonBase0(number) / HOT_ROUNDING) * HOT_ROUNDING + 1
                : somePersonBase0(number);
        long price = price();
        int channel = Words.channel(random);
        return new Bid(auction + FIRST_AUCTION_ID, bidder + FIRST_PERSON_ID, price, Words.channelName(channel),
                Words.channelUrl(channel), timestamp, Words.extra(random, 4 * 8, config.avgBidBytes()));
    }

    /** Cents, log-uniform between 1 and 1,000,000 dollars. */
    private long price() {
        return Math.round(Math.pow(10.0, random.nextDouble() * 6.0) * 100.0);
    }

    /** The id (from 0) of the latest person at or before event {@code number}. */
    private long lastPersonBase0(long number) {
        long round = number / config.totalProportion();
        long slot = Math.min(number % config.totalProportion(), config.personProportion() - 1);
        return round * config.personProportion() + slot;
    }

    /** The id (from 0) of the latest auction at or before event {@code number} (-1 before the first). */
    private long lastAuctionBase0(long number) {
        long round = number / config.totalProportion();
        long slot = number % config.totalProportion() - config.personProportion();
        if (slot < 0) {
            round--;
            slot = config.auctionProportion() - 1;
        } else if (slot >= config.auctionProportion()) {
            slot = config.auctionProportion() - 1;
        }
        return round * config.auctionProportion() + slot;
    }

    /** One of the active persons, or a little ahead of the latest. */
    private long somePersonBase0(long number) {
        long people = lastPersonBase0(number) + 1;
        long active = Math.min(people, config.activePeople());
        return people - active + random.nextLong(active + ID_LEAD);
    }

    /** One of the auctions in flight, or a little ahead of the latest. */
    private long someAuctionBase0(long number) {
        long last = Math.max(lastAuctionBase0(number), 0);
        long first = Math.max(last - config.inFlightAuctions(), 0);
        return first + random.nextLong(last - first + 1 + ID_LEAD);
    }
}
