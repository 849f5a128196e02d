package dev.weir.nexmark.model;

/**
 * A person who joined the auction site: the fields of the {@code person} row of Nexmark's Flink
 * table, in its order. {@code dateTime} is epoch milliseconds (event time).
 */
public record Person(long id, String name, String emailAddress, String creditCard, String city, String state,
                     long dateTime, String extra) {
}
