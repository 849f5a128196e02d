package dev.weir.nexmark.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The queries' results computed over a list of events with plain loops, from the SQL's definitions
 * (not with the engine and not with the query classes' functions): CSV lines, in no particular order.
 * Assumes no bid is late (the events' disorder is within the watermarks' out-of-orderness). Shared
 * (as this module's test jar) with the tests of Weir's queries and of the Flink SQL peer.
 */
public final class NexmarkReference {
    private static final long SECOND = 1000;

    private NexmarkReference() {
    }

    public static List<Bid> bids(List<Event> events) {
        List<Bid> bids = new ArrayList<>();
        for (Event event : events) {
            if (event.eventType() == Event.BID) {
                bids.add(event.bid());
            }
        }
        return bids;
    }

    public static List<String> q0(List<Event> events) {
        List<String> rows = new ArrayList<>();
        for (Bid b : bids(events)) {
            rows.add(b.auction() + "," + b.bidder() + "," + b.price() + "," + b.dateTime() + "," + b.extra());
        }
        return rows;
    }

    public static List<String> q1(List<Event> events) {
        List<String> rows = new ArrayList<>();
        for (Bid b : bids(events)) {
            BigDecimal euros = new BigDecimal("0.908").multiply(BigDecimal.valueOf(b.price()));
            rows.add(b.auction() + "," + b.bidder() + "," + euros.toPlainString() + "," + b.dateTime() + ","
                    + b.extra());
        }
        return rows;
    }

    public static List<String> q2(List<Event> events) {
        List<String> rows = new ArrayList<>();
        for (Bid b : bids(events)) {
            if (b.auction() % 123 == 0) {
                rows.add(b.auction() + "," + b.price());
            }
        }
        return rows;
    }

    /** Auctions of category 10 joined with their sellers in OR, ID or CA: {@code name, city, state, auction id}. */
    public static List<String> q3(List<Event> events) {
        Map<Long, Person> localPersons = new HashMap<>();
        for (Event event : events) {
            if (event.eventType() == Event.PERSON && List.of("OR", "ID", "CA").contains(event.person().state())) {
                localPersons.put(event.person().id(), event.person());
            }
        }
        List<String> rows = new ArrayList<>();
        for (Event event : events) {
            if (event.eventType() == Event.AUCTION && event.auction().category() == 10) {
                Person p = localPersons.get(event.auction().seller());
                if (p != null) {
                    rows.add(p.name() + "," + p.city() + "," + p.state() + "," + event.auction().id());
                }
            }
        }
        return rows;
    }

    /**
     * TUMBLE(10 s): the distinct (person id, name, window) that have an auction of that seller in the
     * same window, as {@code id, name, window start}.
     */
    public static List<String> q8(List<Event> events) {
        Set<String> sellerWindows = new HashSet<>();
        for (Event event : events) {
            if (event.eventType() == Event.AUCTION) {
                sellerWindows.add(event.auction().seller() + "@" + windowStart(event.auction().dateTime()));
            }
        }
        Set<String> rows = new LinkedHashSet<>();
        for (Event event : events) {
            if (event.eventType() == Event.PERSON) {
                Person p = event.person();
                long start = windowStart(p.dateTime());
                if (sellerWindows.contains(p.id() + "@" + start)) {
                    rows.add(p.id() + "," + p.name() + "," + start);
                }
            }
        }
        return new ArrayList<>(rows);
    }

    private static long windowStart(long time) {
        return Math.floorDiv(time, 10 * SECOND) * 10 * SECOND;
    }

    /**
     * The SQL's final table: per category {@code category, AVG(final)} (integer division) over its
     * auctions' highest bid between the auction's dateTime and expires (auctions without one left out).
     */
    public static List<String> q4(List<Event> events) {
        List<String> rows = new ArrayList<>();
        q4WinningPrices(events).forEach((category, prices) -> rows.add(category + ","
                + prices.stream().mapToLong(Long::longValue).sum() / prices.size()));
        return rows;
    }

    /** Per category, the winning prices of its auctions (q4's inner query), in no particular order. */
    public static Map<Long, List<Long>> q4WinningPrices(List<Event> events) {
        Map<Long, List<Long>> byCategory = new TreeMap<>();
        winningPrices(events).forEach((auction, price) -> byCategory.computeIfAbsent(auction.category(),
                c -> new ArrayList<>()).add(price));
        return byCategory;
    }

    /**
     * Per seller, at each close of one of its auctions with a winning bid (in order of expires, then
     * id): {@code seller, AVG} of the winning prices of that auction and the 10 closed before it.
     */
    public static List<String> q6(List<Event> events) {
        Map<Long, List<Auction>> bySeller = new HashMap<>();
        Map<Auction, Long> winning = winningPrices(events);
        winning.keySet().forEach(a -> bySeller.computeIfAbsent(a.seller(), s -> new ArrayList<>()).add(a));
        List<String> rows = new ArrayList<>();
        bySeller.forEach((seller, auctions) -> {
            auctions.sort(Comparator.comparingLong(Auction::expires).thenComparingLong(Auction::id));
            for (int i = 0; i < auctions.size(); i++) {
                long sum = 0;
                int from = Math.max(0, i - 10);
                for (int j = from; j <= i; j++) {
                    sum += winning.get(auctions.get(j));
                }
                rows.add(seller + "," + sum / (i - from + 1));
            }
        });
        return rows;
    }

    /** The highest price of a bid on each auction whose time lies within the auction's [dateTime, expires]. */
    private static Map<Auction, Long> winningPrices(List<Event> events) {
        Map<Long, Auction> auctions = new HashMap<>();
        for (Event event : events) {
            if (event.eventType() == Event.AUCTION) {
                auctions.put(event.auction().id(), event.auction());
            }
        }
        Map<Auction, Long> finalPrice = new HashMap<>();
        for (Bid b : bids(events)) {
            Auction a = auctions.get(b.auction());
            if (a != null && b.dateTime() >= a.dateTime() && b.dateTime() <= a.expires()) {
                finalPrice.merge(a, b.price(), Math::max);
            }
        }
        return finalPrice;
    }

    /** HOP(10 s, slide 2 s): count per (window, auction); per window the auctions with count >= the window's max. */
    public static List<String> q5(List<Event> events) {
        Map<Long, Map<Long, Long>> countsByWindowStart = new TreeMap<>();
        for (Bid b : bids(events)) {
            long lastStart = Math.floorDiv(b.dateTime(), 2 * SECOND) * 2 * SECOND;
            for (long start = lastStart; start > b.dateTime() - 10 * SECOND; start -= 2 * SECOND) {
                countsByWindowStart.computeIfAbsent(start, s -> new HashMap<>()).merge(b.auction(), 1L, Long::sum);
            }
        }
        List<String> rows = new ArrayList<>();
        for (Map<Long, Long> counts : countsByWindowStart.values()) {
            long max = counts.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            counts.forEach((auction, num) -> {
                if (num >= max) {
                    rows.add(auction + "," + num);
                }
            });
        }
        return rows;
    }

    /** TUMBLE(10 s): per window the bids whose price is the window's max, as {@code auction, price, bidder, dateTime, extra}. */
    public static List<String> q7(List<Event> events) {
        Map<Long, List<Bid>> bidsByWindow = new TreeMap<>();
        for (Bid b : bids(events)) {
            bidsByWindow.computeIfAbsent(Math.floorDiv(b.dateTime(), 10 * SECOND), w -> new ArrayList<>()).add(b);
        }
        List<String> rows = new ArrayList<>();
        for (List<Bid> inWindow : bidsByWindow.values()) {
            long max = inWindow.stream().mapToLong(Bid::price).max().orElseThrow();
            for (Bid b : inWindow) {
                if (b.price() == max) {
                    rows.add(b.auction() + "," + b.price() + "," + b.bidder() + "," + b.dateTime() + "," + b.extra());
                }
            }
        }
        return rows;
    }

    /** SESSION(10 s) per bidder: a bid at most 10 s after the session's latest bid joins it; end = latest + 10 s. */
    public static List<String> q11(List<Event> events) {
        Map<Long, List<Long>> timesByBidder = new HashMap<>();
        for (Bid b : bids(events)) {
            timesByBidder.computeIfAbsent(b.bidder(), k -> new ArrayList<>()).add(b.dateTime());
        }
        List<String> rows = new ArrayList<>();
        timesByBidder.forEach((bidder, times) -> {
            times.sort(null);
            long start = times.get(0);
            long latest = start;
            long count = 0;
            for (long t : times) {
                if (t > latest + 10 * SECOND) {
                    rows.add(bidder + "," + count + "," + start + "," + (latest + 10 * SECOND));
                    start = t;
                    count = 0;
                }
                latest = t;
                count++;
            }
            rows.add(bidder + "," + count + "," + start + "," + (latest + 10 * SECOND));
        });
        return rows;
    }

    /** The bids per bidder (what q12's counts add up to, whatever windows the clock made). */
    public static Map<Long, Long> bidsPerBidder(List<Event> events) {
        Map<Long, Long> counts = new TreeMap<>();
        for (Bid b : bids(events)) {
            counts.merge(b.bidder(), 1L, Long::sum);
        }
        return counts;
    }
}
