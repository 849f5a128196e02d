package dev.weir.api;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The identity of one execution of a job (Flink's name): 16 random bytes, shown as 32 hex digits.
 * A job's name stays the same over its executions; each {@code executeAsync()} gets a new id.
 * Immutable.
 */
public final class JobID {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final long upperPart;
    private final long lowerPart;

    /** A new random id. */
    public JobID() {
        this(RANDOM.nextLong(), RANDOM.nextLong());
    }

    public JobID(long lowerPart, long upperPart) {
        this.lowerPart = lowerPart;
        this.upperPart = upperPart;
    }

    /** A new random id. */
    public static JobID generate() {
        return new JobID();
    }

    /** The id {@link #toHexString()} printed; fails naming the text when it is not 32 hex digits. */
    public static JobID fromHexString(String hex) {
        if (hex == null || hex.length() != 32) {
            throw new IllegalArgumentException("not a job id (32 hex digits): '" + hex + "'");
        }
        try {
            long lower = Long.parseUnsignedLong(hex.substring(0, 16), 16);
            long upper = Long.parseUnsignedLong(hex.substring(16), 16);
            return new JobID(lower, upper);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a job id (32 hex digits): '" + hex + "'", e);
        }
    }

    public long getLowerPart() {
        return lowerPart;
    }

    public long getUpperPart() {
        return upperPart;
    }

    /** 32 lower-case hex digits. */
    public String toHexString() {
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(lowerPart) + hex.toHexDigits(upperPart);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobID other && other.lowerPart == lowerPart && other.upperPart == upperPart;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(lowerPart) * 31 + Long.hashCode(upperPart);
    }

    @Override
    public String toString() {
        return toHexString();
    }
}
