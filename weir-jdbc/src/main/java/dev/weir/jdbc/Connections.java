package dev.weir.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens the sink's connections and turns the driver's failures into messages that name the user and
 * URL and say what to do — never the password. The driver's own exception is not kept as the cause:
 * its message could quote connection details.
 */
final class Connections {
    private Connections() {
    }

    static Connection open(PostgresSinkSettings<?> settings) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.username());
        if (settings.password() != null) {
            properties.setProperty("password", settings.password());
        }
        properties.setProperty("reWriteBatchedInserts", "true");
        properties.setProperty("stringtype", "unspecified"); // setString into uuid, json, timestamp columns
        properties.setProperty("ApplicationName", "weir PostgresSink");
        try {
            return DriverManager.getConnection(settings.jdbcUrl(), properties);
        } catch (SQLException e) {
            throw explained(settings, e);
        }
    }

    private static SQLException explained(PostgresSinkSettings<?> settings, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = "user " + settings.username() + " at " + settings.jdbcUrl();
        String message;
        if (state.equals("28P01") || state.equals("28000")) {
            message = "PostgresSink: PostgreSQL refused the password of " + where + " (SQLState " + state + "): check "
                    + "setPassword, the user name, and pg_hba.conf";
        } else if (state.startsWith("08")) {
            message = "PostgresSink: cannot connect to PostgreSQL at " + settings.jdbcUrl() + " as user "
                    + settings.username() + " (SQLState " + state + ", " + e.getClass().getSimpleName() + "): is the "
                    + "server running and reachable at that host and port? The job's restart strategy applies";
        } else if (state.equals("3D000")) {
            message = "PostgresSink: the database of " + settings.jdbcUrl() + " does not exist (SQLState 3D000): fix "
                    + "setJdbcUrl or create the database";
        } else {
            message = "PostgresSink: cannot connect as " + where + " (SQLState " + state + "): "
                    + redacted(e.getMessage(), settings.password());
        }
        SQLException explained = new SQLException(message, e.getSQLState(), e.getErrorCode());
        explained.setStackTrace(e.getStackTrace());
        return explained;
    }

    /** {@code text} with every occurrence of the password replaced. */
    static String redacted(String text, String password) {
        if (text == null || password == null || password.isEmpty()) {
            return text;
        }
        return text.replace(password, "<password>");
    }
}
