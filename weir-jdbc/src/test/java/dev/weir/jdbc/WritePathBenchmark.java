package dev.weir.jdbc;

import dev.weir.postgres.server.LocalPostgres;
import java.sql.Connection;
import java.util.List;

/**
 * Measures the append write paths on a real server (not a test; run its main): COPY text encoded
 * from the row setters against batched INSERT with reWriteBatchedInserts, rows (key, count, seq) of
 * BIGINTs, one transaction per run of {@code rows} rows, in batches of {@code batch}. Prints rows/s.
 */
public final class WritePathBenchmark {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        try (LocalPostgres pg = LocalPostgres.start()) {
            PgTesting.execute(pg, "CREATE TABLE bench (key bigint, count bigint, seq bigint)");
            for (int round = 0; round < 3; round++) {
                for (String path : List.of("COPY", "INSERT")) {
                    PgTesting.execute(pg, "TRUNCATE bench");
                    long start = System.nanoTime();
                    try (Connection c = PgTesting.sinkConnection(pg)) {
                        c.setAutoCommit(false);
                        TableColumns columns = TableColumns.read(c, "bench", List.of("key", "count", "seq"));
                        BatchWriter writer = path.equals("COPY") ? new CopyBatchWriter(c, "bench", columns, batch)
                                : new InsertBatchWriter(c, "bench", columns, List.of(), batch);
                        RowValues row = new RowValues(List.of("key", "count", "seq"));
                        for (long seq = 0; seq < rows; seq++) {
                            row.setLong(0, seq % 1000).setLong(1, seq / 1000 + 1).setLong(2, seq);
                            if (writer.add(row)) {
                                writer.flush();
                            }
                        }
                        writer.flush();
                        c.commit();
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf("round %d %-6s %,d rows, batch %,d: %.2f s, %,.0f rows/s%n", round, path, rows, batch,
                            seconds, rows / seconds);
                }
            }
        }
    }
}
