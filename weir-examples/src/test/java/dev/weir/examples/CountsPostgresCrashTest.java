package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.postgres.server.LocalPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Counts --sink postgres} in a child JVM, SIGKILLed again and again ({@link RepeatedKills}) and
 * restarted with {@code --restore latest}, then run to its end: the table must hold every seq once
 * and the counts 1..n of every key once, and no transaction may be left prepared. Some kills come
 * while a transaction is prepared, so that the restores commit (or roll back) what a dead process
 * prepared. The server lives
 * in this JVM and outlives every run.
 */
class CountsPostgresCrashTest {
    private static final long RECORDS = 300_000;
    private static final long KEYS = 50;
    private static final String PASSWORD_VARIABLE = "WEIR_TEST_PG_PASSWORD";

    static LocalPostgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = LocalPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void killedSixTimesAtRandomMoments_theTableHasEveryRecordExactlyOnce() throws Exception {
        CountsTable table = new CountsTable(postgres, "crash");
        Path checkpoints = dir.resolve("checkpoints");

        RepeatedKills.Outcome crashes;
        try (Connection connection = table.connect(); Statement poll = connection.createStatement()) {
            // Prepared transactions live only from a checkpoint's PREPARE to its COMMIT PREPARED, a few
            // milliseconds: some runs are killed as soon as one is seen, so that recovery has to resolve it.
            crashes = RepeatedKills.run(dir, checkpoints, "counts", 20261206, 9, 6,
                    log -> start(table, checkpoints, log), () -> table.preparedTransactions().size(),
                    () -> {
                        try (ResultSet any = poll.executeQuery("SELECT EXISTS (SELECT 1 FROM pg_prepared_xacts)")) {
                            return any.next() && any.getBoolean(1);
                        }
                    });
        }
        Path finalLog = dir.resolve("final.log");
        Process last = start(table, checkpoints, finalLog);
        assertTrue(last.waitFor(120, TimeUnit.SECONDS), "the final run did not finish");
        assertEquals(0, last.exitValue(), () -> "final run failed: " + CountsProcess.read(finalLog));
        System.err.println("postgres counts crash test: " + crashes.runs() + "; final run: "
                + CountsProcess.read(finalLog).lines().filter(l -> l.startsWith("counts: finished")).findFirst()
                .orElse("?"));

        assertEquals(List.of(), table.problems(RECORDS, KEYS));
        assertEquals(List.of(), table.preparedTransactions(), "transactions left prepared");
        assertTrue(crashes.kills() >= 5, "only " + crashes.kills() + " kills happened (" + crashes.runs()
                + "); the job ran too fast to test crashes");
        assertTrue(crashes.leftovers() > 0, "no transaction was left prepared by any kill, so recovery never had to "
                + "commit or roll one back: " + crashes.runs());
        assertTrue(CountsProcess.read(finalLog).contains("output in table crash at " + postgres.jdbcUrl()),
                CountsProcess.read(finalLog));
        assertTrue(!CountsProcess.read(finalLog).contains(postgres.password()), "the password was printed");
    }

    private static Process start(CountsTable table, Path checkpoints, Path log) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--records", Long.toString(RECORDS),
                "--keys", Long.toString(KEYS), "--parallelism", "2", "--rate", "40000",
                "--checkpoint-interval", "100ms", "--checkpoint-dir", checkpoints.toString()));
        arguments.addAll(table.arguments(PASSWORD_VARIABLE));
        arguments.addAll(CountsProcess.resumeOptions(checkpoints, "counts"));
        return CountsProcess.start(Counts.class, log, List.of("-Xmx256m"), arguments,
                Map.of(PASSWORD_VARIABLE, postgres.password()));
    }
}
