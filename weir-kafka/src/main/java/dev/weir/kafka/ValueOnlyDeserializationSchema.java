package dev.weir.kafka;

import dev.weir.api.Collector;
import dev.weir.api.serialization.DeserializationSchema;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.runtime.FunctionCopies;
import java.io.IOException;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** {@link KafkaRecordDeserializationSchema#valueOnly}: the record's value through a {@link DeserializationSchema}. */
final class ValueOnlyDeserializationSchema<V> implements KafkaRecordDeserializationSchema<V> {
    private DeserializationSchema<V> schema;

    ValueOnlyDeserializationSchema(DeserializationSchema<V> schema) {
        this.schema = Objects.requireNonNull(schema, "valueDeserializationSchema");
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        schema = FunctionCopies.perSubtaskCopy(schema); // this wrapper is already the subtask's copy, its schema not yet
        schema.open(context);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<V> out) throws IOException {
        schema.deserialize(record.value(), out);
    }

    @Override
    public TypeInformation<V> getProducedType() {
        return schema.getProducedType();
    }

    @Override
    public String toString() {
        return "valueOnly(" + schema + ")";
    }
}
