package dev.weir.jdbc;

import dev.weir.api.connector.DeliveryGuarantee;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Builds a {@link PostgresSink}; get one from {@link PostgresSink#builder()}. Required: JDBC URL,
 * user name, table, columns and a row writer. {@link #build()} refuses an incomplete or contradictory
 * configuration, naming the option; what needs the server (table, columns, types,
 * {@code max_prepared_transactions}) is checked when the job starts.
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
    private boolean writeAhead;

    PostgresSinkBuilder() {
    }

    /** E.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres}; put no password in it (it would show in messages). */
    public PostgresSinkBuilder<T> setJdbcUrl(String jdbcUrl) {
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        return this;
    }

    public PostgresSinkBuilder<T> setUsername(String username) {
        this.username = Objects.requireNonNull(username, "username");
        return this;
    }

    /** Never logged, never in {@code toString()}, exceptions or checkpoints. Null: none (trust or peer authentication). */
    public PostgresSinkBuilder<T> setPassword(String password) {
        this.password = password;
        return this;
    }

    /** The table to write; may be schema-qualified ({@code analytics.counts}). */
    public PostgresSinkBuilder<T> setTable(String table) {
        this.table = Objects.requireNonNull(table, "table");
        return this;
    }

    /** The columns to fill, in the order the {@link PostgresSink.RowWriter}'s indexes refer to. */
    public PostgresSinkBuilder<T> setColumns(String... columns) {
        this.columns = List.of(columns);
        return this;
    }

    public PostgresSinkBuilder<T> setRowWriter(PostgresSink.RowWriter<T> rowWriter) {
        this.rowWriter = Objects.requireNonNull(rowWriter, "rowWriter");
        return this;
    }

    /**
     * Opt-in: create the table when absent, from these column definitions (e.g.
     * {@code "key BIGINT, count BIGINT, seq BIGINT"}); with {@link #setUpsertKey} the table gets a
     * primary key on the key columns, without it no constraint.
     */
    public PostgresSinkBuilder<T> setCreateTableIfAbsent(String columnDefinitions) {
        this.createTableColumns = Objects.requireNonNull(columnDefinitions, "columnDefinitions");
        return this;
    }

    /**
     * Upsert mode: {@code INSERT .. ON CONFLICT (key columns) DO UPDATE SET} the other columns; the
     * table needs a primary key or unique index on exactly these columns. Of several rows with the
     * same key in one batch the last is written. Default: append ({@code COPY}).
     *
     * <p>All rows of one key must reach the same sink subtask (key the stream by the upsert key, or
     * use parallelism 1): a prepared transaction keeps its keys locked until its checkpoint completes,
     * so another subtask writing one of them would wait for a checkpoint that waits for it; the sink
     * fails such a write after the checkpoint timeout, saying so. Within a subtask, rows of keys that
     * the previous, not yet committed transaction holds are kept (the last per key) and sent once it
     * has committed, or at the next pre-commit.
     */
    public PostgresSinkBuilder<T> setUpsertKey(String... keyColumns) {
        this.upsertKey = List.of(keyColumns);
        return this;
    }

    /**
     * Names this sink's prepared transactions ({@code <prefix>:<subtask>:<checkpoint id>}); unique per
     * job and sink, because a start rolls back every prepared transaction under it that its checkpoint
     * does not list. At most 173 bytes. Default {@code <job name>-<sink uid>} (the sink's name if it
     * has no uid).
     */
    public PostgresSinkBuilder<T> setTransactionIdPrefix(String prefix) {
        TransactionIds.check(Objects.requireNonNull(prefix, "prefix"));
        this.transactionIdPrefix = prefix;
        return this;
    }

    /** Rows per round trip (default 10 000). */
    public PostgresSinkBuilder<T> setBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("PostgresSink: setBatchSize must be at least 1, was " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** Only {@link DeliveryGuarantee#EXACTLY_ONCE} (the default) is supported. */
    public PostgresSinkBuilder<T> setDeliveryGuarantee(DeliveryGuarantee deliveryGuarantee) {
        this.deliveryGuarantee = Objects.requireNonNull(deliveryGuarantee, "deliveryGuarantee");
        return this;
    }

    /**
     * Weir's option for databases without prepared transactions ({@code max_prepared_transactions}
     * 0, or PostgreSQL-compatible servers that lack {@code PREPARE TRANSACTION}); upsert mode only.
     * Each subtask's records of a checkpoint interval are kept in Weir's checkpoint (so the record
     * type must be one Weir can store) and upserted when the checkpoint has completed, in one
     * database transaction per subtask and checkpoint; table {@code weir_sink_checkpoints} records
     * which were sent.
     *
     * <p><b>Guarantees</b> an exactly-once effect per key: a crash after a batch was written and
     * before it was recorded makes the restore write it again, which sets the same keys to the same
     * values. <b>Does not guarantee</b> what a transaction around all subtasks would: readers see
     * each subtask's batch of a checkpoint when that subtask has written it, so for a moment some
     * subtasks' rows of a checkpoint are there and others not, and a replayed batch can briefly set
     * a key back to an older value that a later batch of another subtask had written. Append mode
     * is refused, because a replayed batch would insert its rows twice. Rows reach the table only
     * after their checkpoint completes and are held in memory and checkpoints until then.
     */
    public PostgresSinkBuilder<T> setWriteAhead(boolean writeAhead) {
        this.writeAhead = writeAhead;
        return this;
    }

    /** Checks the configuration (throws {@link IllegalArgumentException} naming the option) and builds the sink. */
    public PostgresSink<T> build() {
        require(jdbcUrl != null && !jdbcUrl.isBlank(), "no JDBC URL (setJdbcUrl), e.g. jdbc:postgresql://127.0.0.1:5432/postgres");
        require(jdbcUrl.startsWith("jdbc:postgresql:"), "setJdbcUrl must start with jdbc:postgresql:, was "
                + jdbcUrl.replaceAll("password=[^&]*", "password=<hidden>"));
        require(!jdbcUrl.contains("password="), "the JDBC URL holds a password: give it with setPassword, so it "
                + "never shows in messages");
        require(username != null && !username.isBlank(), "no user name (setUsername)");
        require(table != null && !table.isBlank(), "no table (setTable)");
        require(!columns.isEmpty(), "no columns (setColumns): name the columns the RowWriter fills, in order");
        Set<String> seen = new HashSet<>();
        for (String column : columns) {
            require(column != null && !column.isBlank(), "setColumns has a blank column name");
            require(seen.add(TableColumns.catalogName(column)), "setColumns names column " + column + " twice");
        }
        require(rowWriter != null, "no row writer (setRowWriter): it fills a row from each record");
        for (String key : upsertKey) {
            require(seen.contains(TableColumns.catalogName(key)), "upsert key column " + key + " is not one of setColumns "
                    + columns);
        }
        require(deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE, "setDeliveryGuarantee(" + deliveryGuarantee
                + ") is not supported: the sink is EXACTLY_ONCE (prepared transactions), or, for databases without "
                + "them, write-ahead upserts (setWriteAhead(true))");
        require(!writeAhead || !upsertKey.isEmpty(), "setWriteAhead(true) needs upsert mode (setUpsertKey): after a "
                + "crash the write-ahead mode may write a batch again, which rewrites the same rows for upserts but "
                + "would insert appended rows twice");
        return new PostgresSink<>(new PostgresSinkSettings<>(jdbcUrl, username, password, table, columns, rowWriter,
                createTableColumns, upsertKey, transactionIdPrefix, batchSize, deliveryGuarantee, writeAhead));
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException("PostgresSink: " + problem);
        }
    }

    @Override
    public String toString() {
        return "PostgresSinkBuilder{url=" + jdbcUrl + ", user=" + username + ", table=" + table + ", columns=" + columns
                + "}";
    }
}
