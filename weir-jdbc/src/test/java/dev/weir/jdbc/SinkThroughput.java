package dev.weir.jdbc;

import dev.weir.api.JobExecutionResult;
import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.postgres.server.LocalPostgres;
import java.nio.file.Files;

/**
 * Rows per second of the exactly-once sink in a job (not a test; run its main): a generator of
 * {@code rows} numbers at full speed into rows (key, count, seq), {@code parallelism} subtasks,
 * checkpoints every {@code intervalMs}. Prints the figure of each of three runs.
 */
public final class SinkThroughput {

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        long intervalMs = args.length > 2 ? Long.parseLong(args[2]) : 100;
        try (LocalPostgres pg = LocalPostgres.start()) {
            for (int run = 0; run < 3; run++) {
                String table = "throughput_" + run;
                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment()
                        .setParallelism(parallelism).setJobName(table);
                env.enableCheckpointing(intervalMs);
                env.getCheckpointConfig().setDirectory(Files.createTempDirectory("weir-pg-throughput").toString());
                env.fromSource(new DataGeneratorSource<>(seq -> seq, rows, RateLimiterStrategy.perSecond(Double.POSITIVE_INFINITY)),
                                WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
                        .sinkTo(PostgresSink.<Long>builder()
                                .setJdbcUrl(pg.jdbcUrl()).setUsername(pg.user()).setPassword(pg.password())
                                .setTable(table).setColumns("key", "count", "seq")
                                .setRowWriter((seq, row) -> row.setLong(0, seq % 1000).setLong(1, seq / 1000 + 1).setLong(2, seq))
                                .setCreateTableIfAbsent("key BIGINT, count BIGINT, seq BIGINT")
                                .build()).uid("pg");
                long start = System.nanoTime();
                JobExecutionResult result = env.executeAsync().awaitResult();
                double seconds = (System.nanoTime() - start) / 1e9;
                long written = PgTesting.number(pg, "SELECT count(*) FROM " + table);
                System.out.printf("run %d: %s, %,d rows in %.2f s: %,.0f rows/s, %d checkpoints%n", run, result.status(),
                        written, seconds, written / seconds, result.completedCheckpoints().size());
            }
        }
    }
}
