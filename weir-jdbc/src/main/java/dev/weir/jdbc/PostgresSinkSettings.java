package dev.weir.jdbc;

import dev.weir.api.connector.DeliveryGuarantee;
import java.util.List;

/**
 * What a {@link PostgresSink} is configured with. {@link #toString()} never shows the password; the
 * settings are never stored in checkpoints.
 */
record PostgresSinkSettings<T>(String jdbcUrl, String username, String password, String table, List<String> columns,
                               PostgresSink.RowWriter<T> rowWriter, String createTableColumns, List<String> upsertKey,
                               String transactionIdPrefix, int batchSize, DeliveryGuarantee guarantee,
                               boolean writeAhead) {

    @Override
    public String toString() {
        return "PostgresSink{url=" + jdbcUrl + ", user=" + username + ", table=" + table + ", columns=" + columns
                + (upsertKey.isEmpty() ? "" : ", upsertKey=" + upsertKey)
                + (transactionIdPrefix == null ? "" : ", transactionIdPrefix=" + transactionIdPrefix)
                + ", " + (writeAhead ? "write-ahead upserts" : guarantee) + "}";
    }
}
