package dev.weir.bench;

import dev.weir.api.StreamExecutionEnvironment;
import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.examples.Counts;
import dev.weir.examples.CountsPostgres;
import dev.weir.jdbc.PostgresSink;

/**
 * The {@code pg-counts} workload on Weir: the counts job ({@link Counts#define}: generator of seq
 * 0..N-1, key = seq % K → running count per key → one row {@code (key, count, seq)} per record) into
 * a PostgreSQL table through Weir's exactly-once {@link PostgresSink} (PREPARE TRANSACTION at each
 * checkpoint, COMMIT PREPARED when it completes): the sink of {@code counts --sink postgres}
 * ({@link CountsPostgres#sink}), with its default batch size. The table is created when absent,
 * without a unique constraint, so a duplicate would be visible; the driver ({@code SideBySide})
 * empties it before and checks it after each run. The password comes from the environment variable
 * {@code PGPASSWORD} and is never printed.
 */
final class PgCounts {

    private PgCounts() {
    }

    static void define(StreamExecutionEnvironment env, long records, long keys, String jdbcUrl, String user,
                       String password, String table) {
        DataGeneratorSource<Counts.Event> generator = new DataGeneratorSource<>(seq -> new Counts.Event(seq, seq % keys),
                records, RateLimiterStrategy.noOp(), TypeInformation.of(Counts.Event.class));
        Counts.define(env, generator, "generator",
                CountsPostgres.sink(new CountsPostgres.Target(jdbcUrl, user, password, table)), "postgres");
    }
}
