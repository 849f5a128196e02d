package dev.weir.nexmark;

import dev.weir.api.DataStream;
import dev.weir.api.SingleOutputStreamOperator;
import dev.weir.nexmark.model.Auction;
import dev.weir.nexmark.model.Bid;
import dev.weir.nexmark.model.Event;
import dev.weir.nexmark.model.Person;

/**
 * The three streams the queries read, as Nexmark's SQL views {@code person}, {@code auction} and
 * {@code bid} cut them from the one stream of events. Timestamps and watermarks stay those of the
 * events (assigned at the source).
 */
public final class NexmarkViews {
    private NexmarkViews() {
    }

    public static SingleOutputStreamOperator<Bid> bids(DataStream<Event> events) {
        return events.filter(event -> event.eventType() == Event.BID).name("bids").uid("bids")
                .map(Event::bid).name("bid").uid("bid");
    }

    public static SingleOutputStreamOperator<Auction> auctions(DataStream<Event> events) {
        return events.filter(event -> event.eventType() == Event.AUCTION).name("auctions").uid("auctions")
                .map(Event::auction).name("auction").uid("auction");
    }

    public static SingleOutputStreamOperator<Person> persons(DataStream<Event> events) {
        return events.filter(event -> event.eventType() == Event.PERSON).name("persons").uid("persons")
                .map(Event::person).name("person").uid("person");
    }
}
