package dev.weir.jdbc;

import dev.weir.postgres.server.LocalPostgres;

/** The sink the tests write numbers with: rows (seq, 2 * seq) into a table created if absent. */
final class PostgresSinkJobTestSupport {
    private PostgresSinkJobTestSupport() {
    }

    static PostgresSinkBuilder<Long> appendTo(LocalPostgres pg, String table) {
        return PostgresSink.<Long>builder()
                .setJdbcUrl(pg.jdbcUrl()).setUsername(pg.user()).setPassword(pg.password())
                .setTable(table).setColumns("seq", "doubled")
                .setRowWriter((seq, row) -> row.setLong(0, seq).setLong(1, seq * 2))
                .setCreateTableIfAbsent("seq BIGINT, doubled BIGINT")
                .setBatchSize(500);
    }
}
