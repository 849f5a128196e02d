package dev.weir.nexmark.model;

/**
 * An item put up for auction: the fields of the {@code auction} row of Nexmark's Flink table, in its
 * order. {@code dateTime} (event time) and {@code expires} are epoch milliseconds; {@code seller} is
 * a {@link Person#id()}.
 */
public record Auction(long id, String itemName, String description, long initialBid, long reserve, long dateTime,
                      long expires, long seller, long category, String extra) {
}
