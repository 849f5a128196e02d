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
            // What the task thread would wait for per checkpoint if PREPARE ran there: the fsync of a prepare.
            try (Connection c = PgTesting.sinkConnection(pg); java.sql.Statement s = c.createStatement()) {
                int prepares = 200;
                long start = System.nanoTime();
                for (int i = 0; i < prepares; i++) {
                    c.setAutoCommit(false);
                    s.execute("INSERT INTO bench VALUES (" + i + ", 1, 1)");
                    s.execute("PREPARE TRANSACTION 'bench:0:" + i + "'");
                    c.setAutoCommit(true);
                    s.execute("COMMIT PREPARED 'bench:0:" + i + "'");
                }
                System.out.printf("PREPARE + COMMIT PREPARED of a one-row transaction: %.2f ms each%n",
                        (System.nanoTime() - start) / 1e6 / prepares);
            }
        }
    }
}
