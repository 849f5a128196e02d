package dev.weir.api.functions;

/**
 * Extracts the key of a record for {@code keyBy}. Must be deterministic: the same record always
 * yields an equal key (with a stable {@code hashCode}, so not an array or an object using identity
 * hashes), and never {@code null} — a null key fails the job naming the record.
 */
@FunctionalInterface
public interface KeySelector<IN, KEY> extends Function {
    KEY getKey(IN value) throws Exception;
}
