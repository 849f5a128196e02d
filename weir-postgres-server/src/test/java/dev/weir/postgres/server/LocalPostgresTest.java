package dev.weir.postgres.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalPostgresTest {

    @Test
    void aStartedServerAcceptsThePasswordAndHasTheSettingsAsked() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.start(Map.of("max_prepared_transactions", "7"))) {
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
                 Statement statement = connection.createStatement();
                 ResultSet settings = statement.executeQuery("SHOW max_prepared_transactions")) {
                settings.next();
                assertEquals("7", settings.getString(1));
            }
            SQLException wrong = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "not-" + postgres.password()));
            assertEquals("28P01", wrong.getSQLState(), wrong.getMessage()); // invalid_password
        }
    }

    @Test
    void aPreparedTransactionSurvivesAnImmediateRestart_andCloseDeletesTheDirectory() throws Exception {
        Path home;
        try (LocalPostgres postgres = LocalPostgres.start()) {
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t (v BIGINT)");
                connection.setAutoCommit(false);
                statement.execute("INSERT INTO t VALUES (42)");
                statement.execute("PREPARE TRANSACTION 'weir-test-1'");
                connection.setAutoCommit(true);
            }
            postgres.restart(LocalPostgres.Shutdown.IMMEDIATE);
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
                 Statement statement = connection.createStatement()) {
                statement.execute("COMMIT PREPARED 'weir-test-1'");
                try (ResultSet rows = statement.executeQuery("SELECT v FROM t")) {
                    rows.next();
                    assertEquals(42, rows.getLong(1));
                }
            }
            home = pathOf(postgres);
        }
        assertFalse(Files.exists(home), home + " left behind");
    }

    private static Path pathOf(LocalPostgres postgres) throws Exception {
        var field = LocalPostgres.class.getDeclaredField("home");
        field.setAccessible(true);
        return (Path) field.get(postgres);
    }
}
