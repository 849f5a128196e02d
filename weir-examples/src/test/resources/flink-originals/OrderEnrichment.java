package dev.weir.examples.flink;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
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
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.util.Collector;

/**
 * Enriches orders with the name of their customer: the orders and the customers are two streams,
 * connected and keyed by customer id, so that one function sees both for a customer and keeps the
 * customer's name in keyed state. An order that arrives before its customer waits in keyed state
 * until the customer arrives; orders of a customer that never arrives are written with the name
 * "unknown" when both inputs have ended (an event-time timer at the end of time).
 *
 * <p>Input lines are {@code orderId,customerId,amountCents} and {@code customerId,name}; the job
 * writes {@code orderId,name,amountCents}. Arguments: orders path, customers path, output
 * directory, checkpoint directory.
 */
public class OrderEnrichment {

    /** An order as it was placed. */
    public record Order(String id, String customerId, long amountCents) {

        static Order parse(String line) {
            String[] fields = line.split(",");
            return new Order(fields[0].trim(), fields[1].trim(), Long.parseLong(fields[2].trim()));
        }
    }

    /** A customer with the name orders are written with. */
    public record Customer(String id, String name) {

        static Customer parse(String line) {
            String[] fields = line.split(",");
            return new Customer(fields[0].trim(), fields[1].trim());
        }
    }

    public static void main(String[] args) throws Exception {
        Configuration config = new Configuration();
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, args[3]);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.enableCheckpointing(100);

        DataStream<Order> orders = env.fromSource(
                        FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(args[0])).build(),
                        WatermarkStrategy.noWatermarks(), "orders")
                .map(Order::parse)
                .name("parse orders");
        DataStream<Customer> customers = env.fromSource(
                        FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(args[1])).build(),
                        WatermarkStrategy.noWatermarks(), "customers")
                .map(Customer::parse)
                .name("parse customers");

        orders.connect(customers)
                .keyBy(Order::customerId, Customer::id)
                .process(new EnrichWithCustomerName())
                .name("enrich")
                .sinkTo(FileSink.forRowFormat(new Path(args[2]), new SimpleStringEncoder<String>())
                        .withBucketAssigner(new BasePathBucketAssigner<>())
                        .withRollingPolicy(OnCheckpointRollingPolicy.build())
                        .build())
                .name("enriched orders");

        env.execute("order-enrichment");
    }

    /** Per customer: its name, and the orders that came before it. */
    public static class EnrichWithCustomerName extends KeyedCoProcessFunction<String, Order, Customer, String> {
        private transient ValueState<String> name;
        private transient ListState<String> waiting;

        @Override
        public void open(OpenContext openContext) {
            name = getRuntimeContext().getState(new ValueStateDescriptor<>("name", Types.STRING));
            waiting = getRuntimeContext().getListState(new ListStateDescriptor<>("waiting", Types.STRING));
        }

        @Override
        public void processElement1(Order order, Context context, Collector<String> out) throws Exception {
            if (name.value() != null) {
                out.collect(order.id() + "," + name.value() + "," + order.amountCents());
                return;
            }
            waiting.add(order.id() + "," + order.amountCents());
            context.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }

        @Override
        public void processElement2(Customer customer, Context context, Collector<String> out) throws Exception {
            name.update(customer.name());
            for (String order : waiting.get()) {
                String[] fields = order.split(",");
                out.collect(fields[0] + "," + customer.name() + "," + fields[1]);
            }
            waiting.clear();
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext context, Collector<String> out) throws Exception {
            for (String order : waiting.get()) {
                String[] fields = order.split(",");
                out.collect(fields[0] + ",unknown," + fields[1]);
            }
            waiting.clear();
        }
    }
}
