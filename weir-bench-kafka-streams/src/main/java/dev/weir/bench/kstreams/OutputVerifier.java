package dev.weir.bench.kstreams;

import java.util.BitSet;

/**
 * Checks the output of the counts job as it is read: every value must be {@code key,count,seq}
 * with {@code key == seq % K} equal to the record key, the counts of each key must arrive as
 * 1, 2, 3, ... (one key always lands in one output partition, so its order is preserved), and no
 * seq may appear twice. {@link #verified()} additionally requires every seq 0..N-1 to have been
 * seen, which together with the per-key checks means each key's counts are exactly 1..n.
 */
final class OutputVerifier {
    private final int records;
    private final int keys;
    private final long[] lastCount;
    private final BitSet seen;
    private long accepted;
    private long errors;
    private String firstError;

    OutputVerifier(long records, int keys) {
        this.records = Math.toIntExact(records);
        this.keys = keys;
        this.lastCount = new long[keys];
        this.seen = new BitSet(this.records);
    }

    void accept(String key, String value) {
        accepted++;
        try {
            String[] parts = value.split(",", -1);
            if (parts.length != 3) {
                error("malformed value '" + value + "'");
                return;
            }
            int k = Integer.parseInt(parts[0]);
            long count = Long.parseLong(parts[1]);
            long seq = Long.parseLong(parts[2]);
            if (!parts[0].equals(key)) {
                error("record key " + key + " differs from value " + value);
            } else if (seq < 0 || seq >= records || seq % keys != k) {
                error("seq/key mismatch in " + value);
            } else if (seen.get((int) seq)) {
                error("duplicate seq " + seq);
            } else {
                seen.set((int) seq);
                if (count != lastCount[k] + 1) {
                    error("key " + k + ": count " + count + " after " + lastCount[k]);
                }
                lastCount[k] = count;
            }
        } catch (RuntimeException e) {
            error("unparsable record " + key + " -> " + value + ": " + e);
        }
    }

    private void error(String message) {
        if (errors++ == 0) {
            firstError = message;
        }
    }

    long accepted() {
        return accepted;
    }

    boolean verified() {
        return errors == 0 && accepted == records && seen.cardinality() == records;
    }

    /** A one-line explanation when {@link #verified()} is false, else {@code "ok"}. */
    String summary() {
        if (verified()) {
            return "ok";
        }
        return "read=" + accepted + " distinct_seq=" + seen.cardinality() + " expected=" + records
                + " errors=" + errors + (firstError == null ? "" : " first_error=" + firstError);
    }
}
