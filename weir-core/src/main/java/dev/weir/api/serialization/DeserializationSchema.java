package dev.weir.api.serialization;

import dev.weir.api.Collector;
import dev.weir.api.typeinfo.TypeInformation;
import java.io.IOException;

/**
 * Turns the bytes of one message (a Kafka record's value, for instance) into a record, as in Flink.
 * Connectors that read bytes take one: {@code KafkaSource.builder().setValueOnlyDeserializer(..)}.
 *
 * <p><b>Call order and threading.</b> The connector makes a per-subtask copy of the schema (as of a
 * user function: a shallow field-by-field copy), calls {@link #open} once on it, then
 * {@code deserialize} for each message, all on the subtask's thread. Create mutable helpers (decoders,
 * buffers) in {@code open} or lazily, not in the constructor, or the copies share them.
 *
 * <p><b>Failures.</b> Throwing means the message is malformed: the connector applies its error
 * policy, naming where the message is (e.g. topic, partition and offset). Returning {@code null} from
 * {@link #deserialize(byte[])} skips the message.
 *
 * @param <T> the type of the records produced
 */
public interface DeserializationSchema<T> {

    /** Called once per subtask before the first message. */
    default void open(InitializationContext context) throws Exception {
    }

    /** The record the message holds, or {@code null} to skip it. */
    T deserialize(byte[] message) throws IOException;

    /** Emits the records the message holds (default: the one {@link #deserialize(byte[])} returns, if any). */
    default void deserialize(byte[] message, Collector<T> out) throws IOException {
        T record = deserialize(message);
        if (record != null) {
            out.collect(record);
        }
    }

    /**
     * Whether {@code nextElement} ends the stream. Part of Flink's shape; like Flink's
     * {@code KafkaSource}, Weir's Kafka source does not ask it (bound a Kafka source with
     * {@code setBounded(OffsetsInitializer)} instead).
     */
    boolean isEndOfStream(T nextElement);

    /** The type of the records produced, e.g. {@code TypeInformation.of(MyEvent.class)}. */
    TypeInformation<T> getProducedType();

    /**
     * What {@link #open} gets. Weir passes nothing through it yet; it exists so that schemas written
     * for Flink that override {@code open} compile unchanged.
     */
    interface InitializationContext {
    }
}
