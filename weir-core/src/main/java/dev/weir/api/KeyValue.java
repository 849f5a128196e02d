package dev.weir.api;

/** A key with a value; what the {@code sum} and {@code count} helpers of a KeyedStream emit. */
public record KeyValue<K, V>(K key, V value) {
    @Override
    public String toString() {
        return key + "," + value;
    }
}
