package dev.weir.nexmark.model;

/**
 * The parameters of {@link NexmarkGenerator}, with Nexmark's defaults ({@link #defaults()}): one
 * person to three auctions to 46 bids in every 50 events, 10,000 events per second of event time,
 * bids on hot auctions and by hot bidders, auctions by hot sellers, 100 auctions and 1,000 people
 * active at a time, events in order ({@code outOfOrderGroupSize} 1).
 *
 * @param seed                the seed every random choice derives from (with the event's number)
 * @param baseTime            the event time of event 0, epoch ms
 * @param eventsPerSecond     events per second of event time: event {@code n} happens
 *                            {@code n / eventsPerSecond} seconds after {@code baseTime}
 * @param personProportion    persons in every {@code personProportion + auctionProportion + bidProportion} events
 * @param auctionProportion   auctions in those
 * @param bidProportion       bids in those
 * @param hotAuctionRatio     of this many bids, all but one go to the current hot auction
 * @param hotBidderRatio      of this many bids, all but one come from the current hot bidder
 * @param hotSellerRatio      of this many auctions, all but one are by the current hot seller
 * @param inFlightAuctions    how many of the latest auctions a non-hot bid picks from
 * @param activePeople        how many of the latest persons a non-hot seller or bidder is picked from
 * @param outOfOrderGroupSize events are shuffled within consecutive groups of this size (1: in order), so
 *                            an event is at most {@code outOfOrderGroupSize - 1} events early or late
 * @param avgPersonBytes      the size a person's fields are padded to, on average, with {@code extra}
 * @param avgAuctionBytes     the same for an auction
 * @param avgBidBytes         the same for a bid
 */
public record GeneratorConfig(long seed, long baseTime, long eventsPerSecond, int personProportion,
                              int auctionProportion, int bidProportion, int hotAuctionRatio, int hotBidderRatio,
                              int hotSellerRatio, int inFlightAuctions, int activePeople, int outOfOrderGroupSize,
                              int avgPersonBytes, int avgAuctionBytes, int avgBidBytes) {
    /** The event time of event 0 unless set: 2026-01-01T00:00:00Z (fixed, so that runs repeat). */
    public static final long DEFAULT_BASE_TIME = 1_767_225_600_000L;

    public GeneratorConfig {
        if (eventsPerSecond < 1) {
            throw new IllegalArgumentException("events per second of event time must be >= 1, was " + eventsPerSecond);
        }
        if (personProportion < 1 || auctionProportion < 1 || bidProportion < 1) {
            throw new IllegalArgumentException("the proportions of persons, auctions and bids must each be >= 1, were "
                    + personProportion + ":" + auctionProportion + ":" + bidProportion);
        }
        if (hotAuctionRatio < 1 || hotBidderRatio < 1 || hotSellerRatio < 1 || inFlightAuctions < 1
                || activePeople < 1 || outOfOrderGroupSize < 1) {
            throw new IllegalArgumentException("the hot ratios, in-flight auctions, active people and out-of-order"
                    + " group size must each be >= 1");
        }
    }

    /** Nexmark's defaults, seed 0. */
    public static GeneratorConfig defaults() {
        return new GeneratorConfig(0, DEFAULT_BASE_TIME, 10_000, 1, 3, 46, 2, 4, 4, 100, 1000, 1, 200, 500, 100);
    }

    public GeneratorConfig withSeed(long seed) {
        return new GeneratorConfig(seed, baseTime, eventsPerSecond, personProportion, auctionProportion,
                bidProportion, hotAuctionRatio, hotBidderRatio, hotSellerRatio, inFlightAuctions, activePeople,
                outOfOrderGroupSize, avgPersonBytes, avgAuctionBytes, avgBidBytes);
    }

    public GeneratorConfig withEventsPerSecond(long eventsPerSecond) {
        return new GeneratorConfig(seed, baseTime, eventsPerSecond, personProportion, auctionProportion,
                bidProportion, hotAuctionRatio, hotBidderRatio, hotSellerRatio, inFlightAuctions, activePeople,
                outOfOrderGroupSize, avgPersonBytes, avgAuctionBytes, avgBidBytes);
    }

    public GeneratorConfig withOutOfOrderGroupSize(int outOfOrderGroupSize) {
        return new GeneratorConfig(seed, baseTime, eventsPerSecond, personProportion, auctionProportion,
                bidProportion, hotAuctionRatio, hotBidderRatio, hotSellerRatio, inFlightAuctions, activePeople,
                outOfOrderGroupSize, avgPersonBytes, avgAuctionBytes, avgBidBytes);
    }

    /** Persons + auctions + bids in one round of the proportions (50 by default). */
    public int totalProportion() {
        return personProportion + auctionProportion + bidProportion;
    }

    /** The event time of the event at place {@code number} (after the out-of-order shuffle), epoch ms. */
    public long timestampOf(long number) {
        return baseTime + number * 1000L / eventsPerSecond;
    }
}
