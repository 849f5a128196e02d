package dev.weir.examples.flink;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.util.Collector;

/**
 * Drops re-sent payments, then writes each payment with the name of its merchant. A payment id is
 * remembered in keyed state with a time-to-live of one hour of processing time, so a payment sent
 * again within the hour is dropped; the payments that pass are connected with the merchants, keyed
 * by merchant id, and a payment that arrives before its merchant waits in keyed state until the
 * merchant arrives (or is written with the name "unknown" when both inputs have ended).
 *
 * <p>Input lines are {@code paymentId,merchantId,amountCents} and {@code merchantId,name}; the job
 * writes {@code paymentId,name,amountCents}. Arguments: payments path, merchants path, output
 * directory, checkpoint directory.
 */
public class DeduplicateThenEnrich {

    /**
     * How long a payment id is remembered. The time-to-live runs on processing time, so it is one
     * hour: far longer than a run of this job on its test input, so that no id expires during the
     * run and the output does not depend on the wall clock.
     */
    static final Duration REMEMBER_IDS = Duration.ofHours(1);

    /** A payment as it was sent. */
    public record Payment(String id, String merchantId, long amountCents) {

        static Payment parse(String line) {
            String[] fields = line.split(",");
            return new Payment(fields[0].trim(), fields[1].trim(), Long.parseLong(fields[2].trim()));
        }
    }

    /** A merchant with the name payments are written with. */
    public record Merchant(String id, String name) {

        static Merchant parse(String line) {
            String[] fields = line.split(",");
            return new Merchant(fields[0].trim(), fields[1].trim());
        }
    }

    public static void main(String[] args) throws Exception {
        Configuration config = new Configuration();
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, args[3]);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.enableCheckpointing(100);

        DataStream<Payment> payments = env.fromSource(
                        FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(args[0])).build(),
                        WatermarkStrategy.noWatermarks(), "payments")
                .map(Payment::parse)
                .name("parse payments");
        DataStream<Merchant> merchants = env.fromSource(
                        FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(args[1])).build(),
                        WatermarkStrategy.noWatermarks(), "merchants")
                .map(Merchant::parse)
                .name("parse merchants");

        DataStream<Payment> firstSent = payments.keyBy(Payment::id)
                .process(new DropResentPayments())
                .name("deduplicate");

        firstSent.connect(merchants)
                .keyBy(Payment::merchantId, Merchant::id)
                .process(new EnrichWithMerchantName())
                .name("enrich")
                .sinkTo(FileSink.forRowFormat(new Path(args[2]), new SimpleStringEncoder<String>())
                        .withBucketAssigner(new BasePathBucketAssigner<>())
                        .withRollingPolicy(OnCheckpointRollingPolicy.build())
                        .build())
                .name("enriched payments");

        env.execute("deduplicate-then-enrich");
    }

    /** Per payment id: passes the first payment and drops the others while the id is remembered. */
    public static class DropResentPayments extends KeyedProcessFunction<String, Payment, Payment> {
        private transient ValueState<Boolean> seen;

        @Override
        public void open(OpenContext openContext) {
            StateTtlConfig ttl = StateTtlConfig.newBuilder(REMEMBER_IDS)
                    .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                    .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                    .build();
            ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
            descriptor.enableTimeToLive(ttl);
            seen = getRuntimeContext().getState(descriptor);
        }

        @Override
        public void processElement(Payment payment, Context context, Collector<Payment> out) throws Exception {
            if (seen.value() != null) {
                return;
            }
            seen.update(true);
            out.collect(payment);
        }
    }

    /** Per merchant: its name, and the payments that came before it. */
    public static class EnrichWithMerchantName extends KeyedCoProcessFunction<String, Payment, Merchant, String> {
        private transient ValueState<String> name;
        private transient ListState<String> waiting;

        @Override
        public void open(OpenContext openContext) {
            name = getRuntimeContext().getState(new ValueStateDescriptor<>("name", Types.STRING));
            waiting = getRuntimeContext().getListState(new ListStateDescriptor<>("waiting", Types.STRING));
        }

        @Override
        public void processElement1(Payment payment, Context context, Collector<String> out) throws Exception {
            if (name.value() != null) {
                out.collect(payment.id() + "," + name.value() + "," + payment.amountCents());
                return;
            }
            waiting.add(payment.id() + "," + payment.amountCents());
            context.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }

        @Override
        public void processElement2(Merchant merchant, Context context, Collector<String> out) throws Exception {
            name.update(merchant.name());
            for (String payment : waiting.get()) {
                String[] fields = payment.split(",");
                out.collect(fields[0] + "," + merchant.name() + "," + fields[1]);
            }
            waiting.clear();
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext context, Collector<String> out) throws Exception {
            for (String payment : waiting.get()) {
                String[] fields = payment.split(",");
                out.collect(fields[0] + ",unknown," + fields[1]);
            }
            waiting.clear();
        }
    }
}
