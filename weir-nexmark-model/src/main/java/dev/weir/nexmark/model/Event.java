package dev.weir.nexmark.model;

import java.util.Objects;

/**
 * One Nexmark event: exactly one of {@link #person}, {@link #auction}, {@link #bid} is set, as
 * {@link #eventType} says ({@link #PERSON} 0, {@link #AUCTION} 1, {@link #BID} 2 — the
 * {@code event_type} column of Nexmark's Flink table).
 */
public record Event(int eventType, Person person, Auction auction, Bid bid) {
    public static final int PERSON = 0;
    public static final int AUCTION = 1;
    public static final int BID = 2;

    public Event {
        boolean consistent = switch (eventType) {
            case PERSON -> person != null && auction == null && bid == null;
            case AUCTION -> person == null && auction != null && bid == null;
            case BID -> person == null && auction == null && bid != null;
            default -> false;
        };
        if (!consistent) {
            throw new IllegalArgumentException("an event of event_type " + eventType
                    + " must carry exactly the " + (eventType == PERSON ? "person" : eventType == AUCTION ? "auction"
                    : eventType == BID ? "bid" : "(event_type must be 0, 1 or 2)") + " field");
        }
    }

    public static Event of(Person person) {
        return new Event(PERSON, Objects.requireNonNull(person), null, null);
    }

    public static Event of(Auction auction) {
        return new Event(AUCTION, null, Objects.requireNonNull(auction), null);
    }

    public static Event of(Bid bid) {
        return new Event(BID, null, null, Objects.requireNonNull(bid));
    }

    /** The event time (epoch ms): the {@code dateTime} of the person, auction or bid, as Nexmark's table defines it. */
    public long dateTime() {
        return switch (eventType) {
            case PERSON -> person.dateTime();
            case AUCTION -> auction.dateTime();
            default -> bid.dateTime();
        };
    }
}
