package dev.weir.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.postgres.server.LocalPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mistakes in {@code counts --sink postgres}'s options and setup, run as the command line runs
 * them (a child JVM, as {@code ./weir run counts} would): each ends the process with a non-zero exit
 * code and a message naming the option, variable, user, URL, table or server setting at fault, and
 * never prints the password.
 */
class CountsPostgresOptionsTest {
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

    /** What a run of the command printed, and its exit code. */
    record Outcome(int exitCode, String output) {
    }

    @Test
    void withoutJdbcUrlOrTable_itExitsTwoNamingTheMissingOptions() throws Exception {
        Outcome outcome = run(List.of("--sink", "postgres", "--user", "weir"), Map.of());

        assertEquals(2, outcome.exitCode(), outcome.output());
        assertTrue(outcome.output().contains("--sink postgres needs --jdbc-url URL, --table NAME"), outcome.output());
    }

    @Test
    void whenThePasswordVariableIsNotSet_itExitsTwoNamingTheVariable() throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put(PASSWORD_VARIABLE, null);
        Outcome outcome = run(new CountsTable(postgres, "unset_password").arguments(PASSWORD_VARIABLE), environment);

        assertEquals(2, outcome.exitCode(), outcome.output());
        assertTrue(outcome.output().contains("environment variable " + PASSWORD_VARIABLE + " (named by --password-env) "
                + "is not set"), outcome.output());
    }

    @Test
    void withAWrongPassword_itExitsTwoNamingUserAndUrlButNotThePassword() throws Exception {
        String wrong = "wrong-" + postgres.password();
        Outcome outcome = run(new CountsTable(postgres, "wrong_password").arguments(PASSWORD_VARIABLE),
                Map.of(PASSWORD_VARIABLE, wrong));

        assertEquals(2, outcome.exitCode(), outcome.output());
        assertTrue(outcome.output().contains("PostgreSQL at " + postgres.jdbcUrl() + " refused user " + postgres.user()),
                outcome.output());
        assertFalse(outcome.output().contains(wrong), "the password was printed: " + outcome.output());
    }

    @Test
    void whenNothingListensAtTheUrl_itExitsTwoNamingTheUrl() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + freePort() + "/postgres";
        Outcome outcome = run(List.of("--sink", "postgres", "--jdbc-url", url, "--table", "unreachable",
                "--user", "weir", "--password-env", PASSWORD_VARIABLE), Map.of(PASSWORD_VARIABLE, "secret"));

        assertEquals(2, outcome.exitCode(), outcome.output());
        assertTrue(outcome.output().contains("cannot connect to PostgreSQL at " + url + " (--jdbc-url)"), outcome.output());
    }

    @Test
    void whenTheTableAlreadyHoldsRows_aFreshStartExitsTwoNamingTheTableAndHowToResume() throws Exception {
        CountsTable table = new CountsTable(postgres, "not_empty");
        table.execute("CREATE TABLE not_empty (" + CountsPostgres.COLUMNS + ")");
        table.execute("INSERT INTO not_empty VALUES (0, 1, 0)");

        Outcome outcome = run(table.arguments(PASSWORD_VARIABLE), Map.of(PASSWORD_VARIABLE, postgres.password()));

        assertEquals(2, outcome.exitCode(), outcome.output());
        assertTrue(outcome.output().contains("table not_empty at " + postgres.jdbcUrl() + " already holds rows: resume "
                + "the run that wrote them with --restore latest"), outcome.output());
    }

    @Test
    void whenTheServerAllowsNoPreparedTransactions_itExitsNonZeroNamingTheSetting() throws Exception {
        try (LocalPostgres noPrepared = LocalPostgres.start(Map.of("max_prepared_transactions", "0"))) {
            Outcome outcome = run(new CountsTable(noPrepared, "no_prepared").arguments(PASSWORD_VARIABLE),
                    Map.of(PASSWORD_VARIABLE, noPrepared.password()));

            // The sink refuses the server when it opens: the job fails (after its restarts).
            assertEquals(JobCommandLine.FAILED, outcome.exitCode(), outcome.output());
            assertTrue(outcome.output().contains("max_prepared_transactions = 0"), outcome.output());
            assertFalse(outcome.output().contains(noPrepared.password()), "the password was printed: " + outcome.output());
        }
    }

    @Test
    void theUrlIsShownWithoutItsPasswordParameter() {
        CountsPostgres.Target target = new CountsPostgres.Target(
                "jdbc:postgresql://127.0.0.1:5432/weir?ssl=false&password=s3cret&loginTimeout=5", "weir", "other", "t");

        assertEquals("table t at jdbc:postgresql://127.0.0.1:5432/weir?ssl=false&password=***&loginTimeout=5",
                target.describe());
        assertFalse(target.toString().contains("s3cret") || target.toString().contains("other"), target.toString());
    }

    private Outcome run(List<String> postgresArguments, Map<String, String> environment) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--records", "1000", "--keys", "10",
                "--checkpoint-dir", dir.resolve("checkpoints").toString(), "--progress-interval", "0"));
        arguments.addAll(postgresArguments);
        Path log = dir.resolve("counts.log");
        Process process = CountsProcess.start(Counts.class, log, List.of("-Xmx128m"), arguments, environment);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "counts did not end within 60 s: " + CountsProcess.read(log));
        Outcome outcome = new Outcome(process.exitValue(), CountsProcess.read(log));
        System.err.println("counts " + postgresArguments + " exited with " + outcome.exitCode() + ":\n" + outcome.output());
        return outcome;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
