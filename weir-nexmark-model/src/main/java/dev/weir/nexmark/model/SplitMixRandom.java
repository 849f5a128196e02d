package dev.weir.nexmark.model;

/**
 * The random numbers of one event: SplitMix64 reseeded per event from the generator's seed and the
 * event's number, so that an event is the same whichever split makes it, in any order. Reused from
 * event to event (no allocation); not thread-safe.
 */
final class SplitMixRandom {
    private long state;

    void reseed(long seed, long number) {
        state = mix(seed ^ mix(number + 0x632BE59BD9B4E019L));
    }

    long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** A number in {@code [0, bound)}; {@code bound > 0}. */
    long nextLong(long bound) {
        return Math.floorMod(nextLong() >>> 1, bound);
    }

    int nextInt(int bound) {
        return (int) nextLong(bound);
    }

    /** A number in {@code [0, 1)}. */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
