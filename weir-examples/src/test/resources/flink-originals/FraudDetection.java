package dev.weir.examples.flink;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
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
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Flags an account when a small transaction (under 1.00) is followed by a large one (over 500.00)
 * within a minute: the pattern of a thief testing a stolen card before emptying it. Every large
 * transaction also goes to a side output for review.
 *
 * <p>Input lines are {@code account,amount}. Arguments: input path, alerts directory, large
 * transactions directory, checkpoint directory.
 */
public class FraudDetection {

    static final OutputTag<Transaction> LARGE_TRANSACTIONS = new OutputTag<Transaction>("large-transactions") {};

    /** One card transaction. */
    public record Transaction(long account, double amount) {

        static Transaction parse(String line) {
            String[] fields = line.split(",");
            return new Transaction(Long.parseLong(fields[0].trim()), Double.parseDouble(fields[1].trim()));
        }

        @Override
        public String toString() {
            return account + "," + amount;
        }
    }

    public static void main(String[] args) throws Exception {
        Configuration config = new Configuration();
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, args[3]);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.enableCheckpointing(100);

        FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(args[0])).build();
        DataStream<Transaction> transactions = env.fromSource(source, WatermarkStrategy.noWatermarks(), "transactions")
                .map(Transaction::parse)
                .name("parse");

        SingleOutputStreamOperator<String> alerts = transactions
                .keyBy(Transaction::account)
                .process(new FraudDetector())
                .name("fraud-detector");

        alerts.sinkTo(textFiles(args[1])).name("alerts");
        alerts.getSideOutput(LARGE_TRANSACTIONS)
                .map(Transaction::toString)
                .sinkTo(textFiles(args[2])).name("large-transactions");

        env.execute("fraud-detection");
    }

    static FileSink<String> textFiles(String directory) {
        return FileSink.forRowFormat(new Path(directory), new SimpleStringEncoder<String>())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .build();
    }

    /** Per account: remembers a small transaction for one minute and alerts on a large one after it. */
    public static class FraudDetector extends KeyedProcessFunction<Long, Transaction, String> {
        private static final double SMALL = 1.00;
        private static final double LARGE = 500.00;
        private static final long ONE_MINUTE = 60 * 1000;

        private transient ValueState<Boolean> smallSeen;
        private transient ValueState<Long> expiry;

        @Override
        public void open(OpenContext openContext) {
            smallSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("flag", Types.BOOLEAN));
            expiry = getRuntimeContext().getState(new ValueStateDescriptor<>("timer", Types.LONG));
        }

        @Override
        public void processElement(Transaction transaction, Context context, Collector<String> alerts) throws Exception {
            if (transaction.amount() > LARGE) {
                context.output(LARGE_TRANSACTIONS, transaction);
            }
            if (smallSeen.value() != null) {
                if (transaction.amount() > LARGE) {
                    alerts.collect("alert," + context.getCurrentKey() + "," + transaction.amount());
                }
                context.timerService().deleteProcessingTimeTimer(expiry.value());
                smallSeen.clear();
                expiry.clear();
            }
            if (transaction.amount() < SMALL) {
                long timer = context.timerService().currentProcessingTime() + ONE_MINUTE;
                context.timerService().registerProcessingTimeTimer(timer);
                smallSeen.update(true);
                expiry.update(timer);
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext context, Collector<String> alerts) {
            smallSeen.clear();
            expiry.clear();
        }
    }
}
