package dev.weir.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sink's columns as the database declares them, read once at open from the catalog (the table
 * name resolved as PostgreSQL resolves it, with the search path and quoting). Checks that the table
 * and every column exist, and, on the first row only, that each setter fits its column's type.
 */
final class TableColumns {
    private final String table;
    private final List<String> names;
    /** pg_type.typname per column, e.g. int8, text, varchar. */
    private final String[] types;
    /** format_type, e.g. bigint, character varying(20): for messages. */
    private final String[] declared;

    private TableColumns(String table, List<String> names, String[] types, String[] declared) {
        this.table = table;
        this.names = names;
        this.types = types;
        this.declared = declared;
    }

    /** Reads the declared types; fails naming the table or the column that does not exist. */
    static TableColumns read(Connection connection, String table, List<String> columns) throws SQLException {
        Map<String, String[]> byName = new LinkedHashMap<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT a.attname, t.typname, format_type(a.atttypid, "
                + "a.atttypmod) FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = to_regclass(?) "
                + "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    byName.put(r.getString(1), new String[] {r.getString(2), r.getString(3)});
                }
            }
        }
        if (byName.isEmpty()) {
            throw new IllegalStateException("PostgresSink: table " + table + " does not exist (or has no columns) in "
                    + "database " + currentDatabase(connection) + ": create it, or let the sink create it with "
                    + "setCreateTableIfAbsent(\"<column definitions>\")");
        }
        String[] types = new String[columns.size()];
        String[] declared = new String[columns.size()];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String[] type = byName.get(catalogName(columns.get(i)));
            if (type == null) {
                missing.add(columns.get(i));
                continue;
            }
            types[i] = type[0];
            declared[i] = type[1];
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("PostgresSink: table " + table + " has no column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " (it has " + String.join(", ", byName.keySet()) + "): fix setColumns "
                    + "or the table");
        }
        return new TableColumns(table, List.copyOf(columns), types, declared);
    }

    /** How PostgreSQL stores an identifier: unquoted names fold to lower case. */
    static String catalogName(String column) {
        return column.length() > 1 && column.startsWith("\"") && column.endsWith("\"")
                ? column.substring(1, column.length() - 1).replace("\"\"", "\"") : column.toLowerCase(Locale.ROOT);
    }

    private static String currentDatabase(Connection connection) throws SQLException {
        try (var s = connection.createStatement(); var r = s.executeQuery("SELECT current_database()")) {
            r.next();
            return r.getString(1);
        }
    }

    int size() {
        return names.size();
    }

    List<String> names() {
        return names;
    }

    String name(int column) {
        return names.get(column);
    }

    String typeName(int column) {
        return types[column];
    }

    /** Fails if a setter of the row does not fit its column's declared type, naming table, column, type and setter. */
    void checkKinds(RowValues row) {
        for (int i = 0; i < names.size(); i++) {
            ValueKind kind = row.kind(i);
            if (!kind.fits(types[i])) {
                throw new IllegalArgumentException("PostgresSink: the RowWriter writes column " + names.get(i) + " of table "
                        + table + " with " + kind.setter + ", but the column is declared " + declared[i]
                        + ": use the setter for that type (or change the column)");
            }
        }
    }
}
