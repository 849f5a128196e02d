package dev.weir.nexmark.model;

/**
 * A bid on an auction: the fields of the {@code bid} row of Nexmark's Flink table, in its order.
 * {@code auction} is an {@link Auction#id()}, {@code bidder} a {@link Person#id()}, {@code price} in
 * cents, {@code dateTime} epoch milliseconds (event time).
 */
public record Bid(long auction, long bidder, long price, String channel, String url, long dateTime, String extra) {
}
