package dev.weir.examples.flink;

import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.util.Collector;

/**
 * Checks payments against rules broadcast to every task: the rules stream is broadcast with a
 * broadcast state descriptor, the payments are keyed by account, and one function sees both. Each
 * rule is kept in broadcast state (every subtask has all of them); each payment waits in the keyed
 * state of its account until both inputs have ended (an event-time timer at the end of time), then
 * is checked against every rule, so the alerts do not depend on which input came first.
 *
 * <p>Input lines are {@code paymentId,account,amountCents} and {@code ruleName,thresholdCents}; the
 * job writes {@code paymentId,account,ruleName} for each rule whose threshold a payment exceeds.
 * Arguments: payments path, rules path, output directory, checkpoint directory.
 */
public class PaymentRules {

    /** Rule name → threshold in cents, in the broadcast state of every subtask. */
    static final MapStateDescriptor<String, Long> RULES =
            new MapStateDescriptor<>("rules", Types.STRING, Types.LONG);

    /** A payment as it was made. */
    public record Payment(String id, String account, long amountCents) {

        static Payment parse(String line) {
            String[] fields = line.split(",");
            return new Payment(fields[0].trim(), fields[1].trim(), Long.parseLong(fields[2].trim()));
        }
    }

    /** A rule: payments above {@code thresholdCents} raise an alert. */
    public record Rule(String name, long thresholdCents) {

        static Rule parse(String line) {
            String[] fields = line.split(",");
            return new Rule(fields[0].trim(), Long.parseLong(fields[1].trim()));
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
        BroadcastStream<Rule> rules = env.fromSource(
                        FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(args[1])).build(),
                        WatermarkStrategy.noWatermarks(), "rules")
                .map(Rule::parse)
                .name("parse rules")
                .broadcast(RULES);

        payments.keyBy(Payment::account)
                .connect(rules)
                .process(new CheckAgainstRules())
                .name("check")
                .sinkTo(FileSink.forRowFormat(new Path(args[2]), new SimpleStringEncoder<String>())
                        .withBucketAssigner(new BasePathBucketAssigner<>())
                        .withRollingPolicy(OnCheckpointRollingPolicy.build())
                        .build())
                .name("alerts");

        env.execute("payment-rules");
    }

    /** Per account: the payments waiting for the end of input; the rules in broadcast state. */
    public static class CheckAgainstRules extends KeyedBroadcastProcessFunction<String, Payment, Rule, String> {
        private transient ListState<String> waiting;

        @Override
        public void open(OpenContext openContext) {
            waiting = getRuntimeContext().getListState(new ListStateDescriptor<>("waiting", Types.STRING));
        }

        @Override
        public void processElement(Payment payment, ReadOnlyContext context, Collector<String> out) throws Exception {
            waiting.add(payment.id() + "," + payment.amountCents());
            context.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }

        @Override
        public void processBroadcastElement(Rule rule, Context context, Collector<String> out) throws Exception {
            context.getBroadcastState(RULES).put(rule.name(), rule.thresholdCents());
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext context, Collector<String> out) throws Exception {
            for (String payment : waiting.get()) {
                String[] fields = payment.split(",");
                long amount = Long.parseLong(fields[1]);
                for (Map.Entry<String, Long> rule : context.getBroadcastState(RULES).immutableEntries()) {
                    if (amount > rule.getValue()) {
                        out.collect(fields[0] + "," + context.getCurrentKey() + "," + rule.getKey());
                    }
                }
            }
            waiting.clear();
        }
    }
}
