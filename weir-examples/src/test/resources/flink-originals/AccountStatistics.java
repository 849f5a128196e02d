package dev.weir.examples.flink;

import java.time.Duration;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.state.AggregatingState;
import org.apache.flink.api.common.state.AggregatingStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.util.Collector;

/**
 * Keeps per account its balance and the average amount of its transfers, and writes
 * {@code account,balance,average} after every transfer. Input lines are {@code account,amount};
 * blank lines and lines starting with '#' are skipped, any other malformed line fails the job
 * (after two restarts).
 *
 * <p>Arguments: input path, output directory, checkpoint directory.
 */
public class AccountStatistics {

    /** A transfer of {@code amount} cents to (positive) or from (negative) an account. */
    public record Transfer(String account, long amount) {
    }

    /** The running sum and count behind an average. */
    public record Average(long count, long sum) {
    }

    public static void main(String[] args) throws Exception {
        Configuration config = new Configuration();
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, args[2]);
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.enableCheckpointing(100);

        FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(args[0])).build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "transfers")
                .flatMap(new ParseTransfers())
                .keyBy(Transfer::account)
                .map(new AccountSummary())
                .sinkTo(FileSink.forRowFormat(new Path(args[1]), new SimpleStringEncoder<String>())
                        .withBucketAssigner(new BasePathBucketAssigner<>())
                        .withRollingPolicy(OnCheckpointRollingPolicy.build())
                        .build());

        env.execute("account-statistics");
    }

    /** Parses {@code account,amount} lines. */
    public static class ParseTransfers extends RichFlatMapFunction<String, Transfer> {
        private transient String subtask;

        @Override
        public void open(OpenContext openContext) {
            TaskInfo task = getRuntimeContext().getTaskInfo();
            subtask = "subtask " + (task.getIndexOfThisSubtask() + 1) + " of " + task.getNumberOfParallelSubtasks();
        }

        @Override
        public void flatMap(String line, Collector<Transfer> out) {
            if (line.isBlank() || line.startsWith("#")) {
                return;
            }
            String[] fields = line.split(",");
            if (fields.length != 2) {
                throw new IllegalArgumentException(subtask + ": the line '" + line + "' is not account,amount");
            }
            out.collect(new Transfer(fields[0].trim(), Long.parseLong(fields[1].trim())));
        }
    }

    /** Per account: the balance in a ValueState, the average transfer in an AggregatingState. */
    public static class AccountSummary extends RichMapFunction<Transfer, String> {
        private transient ValueState<Long> balance;
        private transient AggregatingState<Long, Double> averageAmount;

        @Override
        public void open(OpenContext openContext) {
            balance = getRuntimeContext().getState(new ValueStateDescriptor<>("balance", Long.class));
            averageAmount = getRuntimeContext().getAggregatingState(
                    new AggregatingStateDescriptor<>("average-amount", new AverageAmount(), Average.class));
        }

        @Override
        public String map(Transfer transfer) throws Exception {
            Long before = balance.value();
            long after = (before == null ? 0 : before) + transfer.amount();
            balance.update(after);
            averageAmount.add(transfer.amount());
            return transfer.account() + "," + after + "," + averageAmount.get();
        }
    }

    /** The average of the amounts added. */
    public static class AverageAmount implements AggregateFunction<Long, Average, Double> {

        @Override
        public Average createAccumulator() {
            return new Average(0, 0);
        }

        @Override
        public Average add(Long amount, Average average) {
            return new Average(average.count() + 1, average.sum() + amount);
        }

        @Override
        public Double getResult(Average average) {
            return (double) average.sum() / average.count();
        }

        @Override
        public Average merge(Average a, Average b) {
            return new Average(a.count() + b.count(), a.sum() + b.sum());
        }
    }
}
