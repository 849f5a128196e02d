package dev.weir.jdbc;

import dev.weir.api.connector.DeliveryGuarantee;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link PostgresSink}; get one from {@link PostgresSink#builder()}.
 *
 * @param <T> record type
 */
public final class PostgresSinkBuilder<T> {
    private String jdbcUrl;
    private String username;
    private String password;
    private String table;
    private List<String> columns = List.of();
    private PostgresSink.RowWriter<T> rowWriter;
    private String createTableColumns;
    private List<String> upsertKey = List.of();
    private String transactionIdPrefix;
    private int batchSize = 10_000;
    private DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.EXACTLY_ONCE;

    PostgresSinkBuilder() {
    }

    public PostgresSinkBuilder<T> setJdbcUrl(String jdbcUrl) {
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        return this;
    }

    public PostgresSinkBuilder<T> setUsername(String username) {
        this.username = Objects.requireNonNull(username, "username");
        return this;
    }

    public PostgresSinkBuilder<T> setPassword(String password) {
        this.password = password;
        return this;
    }

    public PostgresSinkBuilder<T> setTable(String table) {
        this.table = Objects.requireNonNull(table, "table");
        return this;
    }

    public PostgresSinkBuilder<T> setColumns(String... columns) {
        this.columns = List.of(columns);
        return this;
    }

    public PostgresSinkBuilder<T> setRowWriter(PostgresSink.RowWriter<T> rowWriter) {
        this.rowWriter = Objects.requireNonNull(rowWriter, "rowWriter");
        return this;
    }

    public PostgresSinkBuilder<T> setCreateTableIfAbsent(String columnDefinitions) {
        this.createTableColumns = Objects.requireNonNull(columnDefinitions, "columnDefinitions");
        return this;
    }

    public PostgresSinkBuilder<T> setUpsertKey(String... keyColumns) {
        this.upsertKey = List.of(keyColumns);
        return this;
    }

    public PostgresSinkBuilder<T> setTransactionIdPrefix(String prefix) {
        this.transactionIdPrefix = Objects.requireNonNull(prefix, "prefix");
        return this;
    }

    public PostgresSinkBuilder<T> setBatchSize(int batchSize) {
        this.batchSize = batchSize;
        return this;
    }

    public PostgresSinkBuilder<T> setDeliveryGuarantee(DeliveryGuarantee deliveryGuarantee) {
        this.deliveryGuarantee = Objects.requireNonNull(deliveryGuarantee, "deliveryGuarantee");
        return this;
    }

    public PostgresSink<T> build() {
        return new PostgresSink<>(new PostgresSinkSettings<>(jdbcUrl, username, password, table, columns, rowWriter,
                createTableColumns, upsertKey, transactionIdPrefix, batchSize, deliveryGuarantee));
    }

    @Override
    public String toString() {
        return "PostgresSinkBuilder{url=" + jdbcUrl + ", user=" + username + ", table=" + table + "}";
    }
}
