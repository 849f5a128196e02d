package dev.weir.api.serialization;

/**
 * Turns a record into the bytes of one message (a Kafka record's key or value, for instance), as in
 * Flink. Connectors that write bytes take one, e.g.
 * {@code KafkaRecordSerializationSchema.builder().setValueSerializationSchema(..)}.
 *
 * <p><b>Call order and threading.</b> The connector makes a per-subtask copy of the schema (a shallow
 * field-by-field copy, as of a user function), calls {@link #open} once on it, then {@code serialize}
 * for each record, all on the subtask's thread. The returned array must not be changed afterwards.
 * An exception fails the job.
 *
 * @param <T> the type of the records serialized
 */
public interface SerializationSchema<T> {

    /** Called once per subtask before the first record. */
    default void open(InitializationContext context) throws Exception {
    }

    byte[] serialize(T element);

    /**
     * What {@link #open} gets. Weir passes nothing through it yet; it exists so that schemas written
     * for Flink that override {@code open} compile unchanged.
     */
    interface InitializationContext {
    }
}
