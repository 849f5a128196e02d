package dev.weir.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.postgres.server.LocalPostgres;
import dev.weir.runtime.operators.SinkOperator;
import dev.weir.testing.HarnessSnapshot;
import dev.weir.testing.OperatorHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each configuration error fails before anything is written, with a message that names the thing. */
@Timeout(60)
class PostgresSinkConfigurationTest {
    static LocalPostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = LocalPostgres.start(Map.of("max_prepared_transactions", "3"));
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private static Throwable openFails(PostgresSink<Long> sink, int subtask, int parallelism) {
        return assertThrows(Exception.class, () -> {
            try (OperatorHarness<Long, Void> h = OperatorHarness.builder().subtask(subtask, parallelism)
                    .<Long, Void>build(new SinkOperator<>(sink)).open()) {
                h.processElements(1L);
                h.snapshot(1);
            }
        });
    }

    private static String allMessages(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
            for (Throwable s : t.getSuppressed()) {
                text.append(allMessages(s));
            }
        }
        return text.toString();
    }

    private static void assertMentions(Throwable e, String... parts) {
        String text = allMessages(e);
        for (String part : parts) {
            assertTrue(text.contains(part), "'" + part + "' not in: " + text);
        }
    }

    @Test
    void tooFewPreparedTransactionsForTheParallelismAreRefusedNamingSettingValueAndMinimum() {
        Throwable e = openFails(PostgresSinkJobTestSupport.appendTo(pg, "too_few").build(), 0, 2);
        assertMentions(e, "max_prepared_transactions = 3", "at least 4", "parallelism 2", pg.jdbcUrl());
    }

    @Test
    void aMissingTableIsNamedWithTheOptionThatCreatesIt() {
        Throwable e = openFails(PostgresSink.<Long>builder().setJdbcUrl(pg.jdbcUrl()).setUsername(pg.user())
                .setPassword(pg.password()).setTable("really_missing").setColumns("seq")
                .setRowWriter((v, row) -> row.setLong(0, v)).build(), 0, 1);
        assertMentions(e, "table really_missing does not exist", "setCreateTableIfAbsent");
    }

    @Test
    void aMissingColumnIsNamedWithItsTable() throws Exception {
        PgTesting.execute(pg, "CREATE TABLE one_column (seq bigint)");
        Throwable e = openFails(PostgresSinkJobTestSupport.appendTo(pg, "one_column").build(), 0, 1);
        assertMentions(e, "table one_column has no column doubled");
    }

    @Test
    void aSetterOfTheWrongTypeIsNamedAtTheFirstRow() throws Exception {
        PgTesting.execute(pg, "CREATE TABLE typed_counts (key bigint, label text)");
        Throwable e = openFails(PostgresSink.<Long>builder().setJdbcUrl(pg.jdbcUrl()).setUsername(pg.user())
                .setPassword(pg.password()).setTable("typed_counts").setColumns("key", "label")
                .setRowWriter((v, row) -> row.setString(0, "k" + v).setString(1, "x")).build(), 0, 1);
        assertMentions(e, "column key of table typed_counts with setString", "declared bigint");
        assertEquals(0, PgTesting.number(pg, "SELECT count(*) FROM typed_counts"));
    }

    @Test
    void anUpsertKeyWithoutAUniqueIndexIsRefused() throws Exception {
        PgTesting.execute(pg, "CREATE TABLE no_key (seq bigint, doubled bigint)");
        Throwable e = openFails(PostgresSinkJobTestSupport.appendTo(pg, "no_key").setUpsertKey("seq").build(), 0, 1);
        assertMentions(e, "upsert key (seq) of table no_key has no primary key or unique index");
    }

    @Test
    void anUnreachableServerIsNamedByItsUrl() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + freePort + "/postgres";
        Throwable e = openFails(PostgresSinkJobTestSupport.appendTo(pg, "unreachable").setJdbcUrl(url).build(), 0, 1);
        assertMentions(e, "cannot connect to PostgreSQL at " + url, "restart strategy");
    }

    @Test
    void aWrongPasswordNamesUserAndUrlButThePasswordNowhere() throws Exception {
        String secret = "Hunter2-not-the-password-" + System.nanoTime();
        PrintStream originalErr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Throwable e;
        PostgresSink<Long> sink = PostgresSinkJobTestSupport.appendTo(pg, "wrong_password").setPassword(secret).build();
        System.setErr(new PrintStream(log, true));
        try {
            e = openFails(sink, 0, 1);
        } finally {
            System.setErr(originalErr);
        }
        assertMentions(e, "refused the password of user " + pg.user() + " at " + pg.jdbcUrl(), "28P01");
        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(trace));
        assertFalse(trace.toString().contains(secret), trace.toString());
        assertFalse(allMessages(e).contains(secret));
        assertFalse(log.toString().contains(secret), log.toString());
        assertFalse(sink.toString().contains(secret), sink.toString());
        assertFalse(PostgresSinkJobTestSupport.appendTo(pg, "x").setPassword(secret).toString().contains(secret));
    }

    @Test
    void theCheckpointHoldsNoPassword() throws Exception {
        HarnessSnapshot snapshot;
        try (OperatorHarness<Long, Void> h = OperatorHarness.builder()
                .<Long, Void>build(new SinkOperator<>(PostgresSinkJobTestSupport.appendTo(pg, "secret_free").build())).open()) {
            h.processElements(1L, 2L);
            snapshot = h.snapshot(1);
            h.notifyCheckpointComplete(1);
        }
        try (Stream<Path> files = Files.walk(snapshot.directory())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(pg.password()), file + " holds the password");
            }
        }
        assertEquals(2, PgTesting.number(pg, "SELECT count(*) FROM secret_free"));
    }

    @Test
    void theBuilderRefusesIncompleteOrContradictoryConfigurations() {
        assertEquals("PostgresSink: no table (setTable)", assertThrows(IllegalArgumentException.class,
                () -> PostgresSink.<Long>builder().setJdbcUrl(pg.jdbcUrl()).setUsername("u").build()).getMessage());
        IllegalArgumentException appendWriteAhead = assertThrows(IllegalArgumentException.class,
                () -> PostgresSinkJobTestSupport.appendTo(pg, "t").setWriteAhead(true).build());
        assertTrue(appendWriteAhead.getMessage().contains("setWriteAhead(true) needs upsert mode (setUpsertKey)"),
                appendWriteAhead.getMessage());
        IllegalArgumentException passwordInUrl = assertThrows(IllegalArgumentException.class,
                () -> PostgresSinkJobTestSupport.appendTo(pg, "t").setJdbcUrl(pg.jdbcUrl() + "?password=sekrit").build());
        assertFalse(passwordInUrl.getMessage().contains("sekrit"), passwordInUrl.getMessage());
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> PostgresSinkJobTestSupport.appendTo(pg, "t").setUpsertKey("nope").build());
        assertTrue(key.getMessage().contains("upsert key column nope is not one of setColumns"), key.getMessage());
    }
}
