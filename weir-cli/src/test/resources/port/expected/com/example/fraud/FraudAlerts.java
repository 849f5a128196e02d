package com.example.fraud;

import static org.apache.flink.table.api.Expressions.$;

import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.pattern.Pattern;
import dev.weir.api.DataStream;
import dev.weir.api.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/** Uses what Weir does not have: CEP, the Table API, Flink's own Sink interface. */
public class FraudAlerts {
    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<String> payments = env.fromData(List.of("a", "b"))
                .assignTimestampsAndWatermarks(dev.weir.api.eventtime.WatermarkStrategy.noWatermarks());
        Pattern<String, ?> twice = Pattern.<String>begin("first").next("second");
        CEP.pattern(payments, twice);
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        Table table = tables.fromDataStream(payments).select($("f0"));
        Sink<String> alerts = null;
        org.apache.flink.table.api.Table again = table;
        env.execute();
    }
}
