package dev.weir.bench.kstreams;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.util.Set;

/**
 * The kafka-counts job as a Kafka Streams topology:
 * <pre>
 *   IN (value = seq) --selectKey(seq % K)--&gt; repartition "by-key" --processValues(count)--&gt; OUT
 * </pre>
 * Each input record produces exactly one output record, key {@code "<key>"}, value
 * {@code "<key>,<count>,<seq>"}, where count is the number of records with that key so far,
 * starting at 1.
 *
 * <p>Why not {@code groupBy(...).count().toStream()}: the KTable count is backed by a record
 * cache that collapses updates between commits, so it emits fewer than one output per input and
 * is not the same job. Instead the count lives in a plain {@link KeyValueStore} used by a
 * {@link FixedKeyProcessor}: the Kafka Streams default persistent store (RocksDB), with no cache
 * and with its changelog topic enabled, which is what an exactly-once user of Kafka Streams runs.
 * {@code processValues} does not repartition by itself, so an explicit {@code repartition()}
 * after {@code selectKey} does the keyBy through an internal topic (with as many partitions as
 * the input topic), like a real shuffle by key.
 */
final class CountsTopology {
    static final String STORE = "counts";

    private CountsTopology() {
    }

    static Topology build(String inputTopic, String outputTopic, int keys) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(inputTopic, Consumed.with(Serdes.ByteArray(), Serdes.String()))
                .selectKey((ignored, seq) -> Long.toString(Long.parseLong(seq) % keys), Named.as("key-by-seq"))
                .repartition(Repartitioned.with(Serdes.String(), Serdes.String()).withName("by-key"))
                .processValues(new CountSupplier(), Named.as("count"))
                .to(outputTopic, Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    /** Supplies the counting processor and connects its (uncached, logged, RocksDB) store. */
    private static final class CountSupplier implements FixedKeyProcessorSupplier<String, String, String> {
        @Override
        public FixedKeyProcessor<String, String, String> get() {
            return new CountProcessor();
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.Long()));
        }
    }

    /** Increments the key's count and forwards {@code key,count,seq}. */
    private static final class CountProcessor implements FixedKeyProcessor<String, String, String> {
        private FixedKeyProcessorContext<String, String> context;
        private KeyValueStore<String, Long> counts;

        @Override
        public void init(FixedKeyProcessorContext<String, String> context) {
            this.context = context;
            this.counts = context.getStateStore(STORE);
        }

        @Override
        public void process(FixedKeyRecord<String, String> record) {
            Long previous = counts.get(record.key());
            long count = previous == null ? 1 : previous + 1;
            counts.put(record.key(), count);
            context.forward(record.withValue(record.key() + "," + count + "," + record.value()));
        }
    }
}
