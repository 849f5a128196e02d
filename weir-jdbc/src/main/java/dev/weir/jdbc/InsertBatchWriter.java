package dev.weir.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batched {@code INSERT} (the driver's {@code reWriteBatchedInserts} turns a batch into multi-row
 * statements sent in one round trip). With upsert key columns: {@code INSERT .. ON CONFLICT (keys)
 * DO UPDATE SET} the other columns; rows of one batch with the same key are reduced to the last of
 * them before the batch is sent, because PostgreSQL refuses to update a row twice in one statement
 * ("ON CONFLICT DO UPDATE command cannot affect row a second time").
 */
final class InsertBatchWriter implements BatchWriter {
    private final PreparedStatement statement;
    private final int[] keyColumns;
    private final int batchSize;
    /** Upsert mode: the last row of each key in this batch, in first-seen order. */
    private final Map<List<Object>, Object[]> lastByKey;
    /** Upsert mode: a row to bind the kept snapshots from. */
    private final RowValues replay;
    private int rows;

    InsertBatchWriter(Connection connection, String table, TableColumns columns, List<String> upsertKey, int batchSize)
            throws SQLException {
        this.statement = connection.prepareStatement(sql(table, columns, upsertKey));
        this.keyColumns = new int[upsertKey.size()];
        for (int k = 0; k < upsertKey.size(); k++) {
            keyColumns[k] = indexOf(columns, upsertKey.get(k));
        }
        this.batchSize = batchSize;
        this.lastByKey = upsertKey.isEmpty() ? null : new LinkedHashMap<>();
        this.replay = new RowValues(columns.names());
    }

    static String sql(String table, TableColumns columns, List<String> upsertKey) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (");
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(columns.name(i));
            values.append(i == 0 ? "?" : ", ?");
        }
        sql.append(") VALUES (").append(values).append(")");
        if (!upsertKey.isEmpty()) {
            sql.append(" ON CONFLICT (").append(String.join(", ", upsertKey)).append(") DO ");
            List<String> updates = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                String name = columns.name(i);
                if (upsertKey.stream().noneMatch(k -> TableColumns.catalogName(k).equals(TableColumns.catalogName(name)))) {
                    updates.add(name + " = EXCLUDED." + name);
                }
            }
            sql.append(updates.isEmpty() ? "NOTHING" : "UPDATE SET " + String.join(", ", updates));
        }
        return sql.toString();
    }

    private static int indexOf(TableColumns columns, String key) {
        for (int i = 0; i < columns.size(); i++) {
            if (TableColumns.catalogName(columns.name(i)).equals(TableColumns.catalogName(key))) {
                return i;
            }
        }
        throw new IllegalArgumentException("PostgresSink: upsert key column " + key + " is not one of setColumns");
    }

    @Override
    public boolean add(RowValues row) throws SQLException {
        if (lastByKey == null) {
            bind(row);
            statement.addBatch();
            return ++rows >= batchSize;
        }
        Object[] key = new Object[keyColumns.length];
        for (int k = 0; k < keyColumns.length; k++) {
            key[k] = row.boxed(keyColumns[k]);
        }
        Object[] snapshot = new Object[row.size() * 2];
        for (int i = 0; i < row.size(); i++) {
            snapshot[2 * i] = row.kind(i);
            snapshot[2 * i + 1] = row.boxed(i);
        }
        lastByKey.put(Arrays.asList(key), snapshot);
        return ++rows >= batchSize;
    }

    @Override
    public void flush() throws SQLException {
        if (rows == 0) {
            return;
        }
        if (lastByKey != null) {
            for (Object[] snapshot : lastByKey.values()) {
                for (int i = 0; i < snapshot.length / 2; i++) {
                    replay.setBoxed(i, (ValueKind) snapshot[2 * i], snapshot[2 * i + 1]);
                }
                bind(replay);
                statement.addBatch();
            }
            lastByKey.clear();
        }
        statement.executeBatch();
        rows = 0;
    }

    @Override
    public int buffered() {
        return rows;
    }

    private void bind(RowValues row) throws SQLException {
        for (int i = 0; i < row.size(); i++) {
            int p = i + 1;
            switch (row.kind(i)) {
                case UNSET, NULL -> statement.setNull(p, Types.NULL);
                case LONG -> statement.setLong(p, row.longValue(i));
                case INT -> statement.setInt(p, (int) row.longValue(i));
                case DOUBLE -> statement.setDouble(p, row.doubleValue(i));
                case BOOLEAN -> statement.setBoolean(p, row.longValue(i) != 0);
                case STRING -> statement.setString(p, (String) row.object(i));
                case OBJECT -> {
                    Object value = row.object(i);
                    if (value instanceof byte[] bytes) {
                        statement.setBytes(p, bytes);
                    } else if (value instanceof java.math.BigDecimal decimal) {
                        statement.setBigDecimal(p, decimal);
                    } else { // as COPY writes it: the text, parsed by the server for the column's type
                        statement.setString(p, value.toString());
                    }
                }
            }
        }
    }
}
