package dev.weir.examples.flink;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
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
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.util.Collector;

/**
 * Drops re-sent orders: the first order with an id passes, later ones with that id are dropped
 * until an event-time timer two minutes after the first one makes the job forget the id; an
 * order sent again after that passes again. Orders may arrive up to ten seconds out of order.
 *
 * <p>Input lines are {@code orderId,epochMillis,amountCents}; the job writes the lines of the orders
 * that pass. Arguments: input path, output directory, checkpoint directory.
 */
public class OrderDeduplication {

    static final long MAX_OUT_OF_ORDERNESS_MS = 10_000;

    /** An order as it was sent, with the event time it was placed at (epoch milliseconds). */
    public record Order(String id, long timestamp, long amountCents) {

        static Order parse(String line) {
            String[] fields = line.split(",");
            return new Order(fields[0].trim(), Long.parseLong(fields[1].trim()), Long.parseLong(fields[2].trim()));
        }

        @Override
        public String toString() {
            return id + "," + timestamp + "," + amountCents;
        }
    }

    public static void main(String[] args) throws Exception {
        Configuration config = new Configuration();
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, args[2]);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.enableCheckpointing(100);

        // One reader, parser and watermark generator: the watermark follows the file's order, so
        // the timers fire between the same orders in every run.
        FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(args[0])).build();
        DataStream<Order> orders = env.fromSource(source, WatermarkStrategy.noWatermarks(), "orders")
                .setParallelism(1)
                .map(Order::parse)
                .setParallelism(1)
                .name("parse")
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<Order>forGenerator(context -> new BoundedOutOfOrdernessOnEveryOrder())
                        .withTimestampAssigner((order, previous) -> order.timestamp()))
                .setParallelism(1)
                .name("timestamps");

        orders.keyBy(Order::id)
                .process(new DropResentOrders())
                .name("deduplicate")
                .map(Order::toString)
                .sinkTo(FileSink.forRowFormat(new Path(args[1]), new SimpleStringEncoder<String>())
                        .withBucketAssigner(new BasePathBucketAssigner<>())
                        .withRollingPolicy(OnCheckpointRollingPolicy.build())
                        .build())
                .name("orders");

        env.execute("order-deduplication");
    }

    /**
     * The watermark of a bounded out-of-orderness strategy (the largest timestamp seen minus the
     * bound), emitted after every order instead of periodically: it depends on the input only.
     */
    public static class BoundedOutOfOrdernessOnEveryOrder implements WatermarkGenerator<Order> {
        private long largestTimestamp = Long.MIN_VALUE + MAX_OUT_OF_ORDERNESS_MS + 1;

        @Override
        public void onEvent(Order order, long timestamp, WatermarkOutput output) {
            largestTimestamp = Math.max(largestTimestamp, timestamp);
            output.emitWatermark(new Watermark(largestTimestamp - MAX_OUT_OF_ORDERNESS_MS - 1));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
        }
    }

    /** Per order id: passes the first order and remembers its id until an event-time timer fires. */
    public static class DropResentOrders extends KeyedProcessFunction<String, Order, Order> {
        private static final long REMEMBER_MS = 2 * 60 * 1000;

        private transient ValueState<Long> forgetAt;

        @Override
        public void open(OpenContext openContext) {
            forgetAt = getRuntimeContext().getState(new ValueStateDescriptor<>("forget-at", Types.LONG));
        }

        @Override
        public void processElement(Order order, Context context, Collector<Order> out) throws Exception {
            if (forgetAt.value() != null) {
                return;
            }
            out.collect(order);
            long timer = context.timestamp() + REMEMBER_MS;
            context.timerService().registerEventTimeTimer(timer);
            forgetAt.update(timer);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext context, Collector<Order> out) {
            forgetAt.clear();
        }
    }
}
