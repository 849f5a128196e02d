package dev.weir.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.postgres.server.LocalPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The row encoders and batch writers against the real server: values round trip, upserts of repeated keys. */
class BatchWritersTest {
    static LocalPostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = LocalPostgres.start();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private static final String ALL_TYPES = "(b bigint, i integer, d double precision, n numeric, t text, v varchar(40), "
            + "flag boolean, u uuid, j jsonb, ts timestamptz, bytes bytea, nothing text)";
    private static final List<String> ALL_COLUMNS = List.of("b", "i", "d", "n", "t", "v", "flag", "u", "j", "ts", "bytes", "nothing");

    private static void fill(RowValues row, long b, int small, String text) {
        row.clear();
        row.setLong(0, b).setInt(1, (int) -b).setDouble(2, b / 4.0).setObject(3, new java.math.BigDecimal("12.50"))
                .setString(4, text).setString(5, "ümlaut 😀").setBoolean(6, b % 2 == 0)
                .setString(7, new UUID(0, b).toString()).setString(8, "{\"k\": " + b + "}")
                .setObject(9, java.time.Instant.ofEpochSecond(1_700_000_000L + small)).setObject(10, new byte[] {0, 1, (byte) 0xff})
                .setNull(11);
    }

    private static List<String> read(String table) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = PgTesting.connect(pg); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT b, i, d, n, t, v, flag, u, j::text, extract(epoch from ts)::bigint, "
                     + "encode(bytes, 'hex'), nothing FROM " + table + " ORDER BY b")) {
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= 12; i++) {
                    row.append(i > 1 ? "|" : "").append(r.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static void writeRows(String table, BatchWriterFactory factory) throws Exception {
        try (Connection c = PgTesting.sinkConnection(pg)) {
            c.setAutoCommit(false);
            TableColumns columns = TableColumns.read(c, table, ALL_COLUMNS);
            BatchWriter writer = factory.create(c, columns);
            RowValues row = new RowValues(ALL_COLUMNS);
            String[] texts = {"tab\there", "line\nbreak\r\n", "back\\slash \\N", "", "quote ' \" done"};
            for (int b = -2; b < 3; b++) {
                fill(row, b == -2 ? Long.MIN_VALUE : b, b, texts[b + 2]);
                columns.checkKinds(row);
                if (writer.add(row)) {
                    writer.flush();
                }
            }
            writer.flush();
            c.commit();
        }
    }

    interface BatchWriterFactory {
        BatchWriter create(Connection c, TableColumns columns) throws Exception;
    }

    @Test
    void copyAndInsertWriteEveryTypeAndEscapeTheSameRows() throws Exception {
        PgTesting.execute(pg, "CREATE TABLE enc_copy " + ALL_TYPES, "CREATE TABLE enc_insert " + ALL_TYPES);
        writeRows("enc_copy", (c, columns) -> new CopyBatchWriter(c, "enc_copy", columns, 2));
        writeRows("enc_insert", (c, columns) -> new InsertBatchWriter(c, "enc_insert", columns, List.of(), 2));

        List<String> copied = read("enc_copy");
        assertEquals(read("enc_insert"), copied);
        assertEquals(5, copied.size());
        assertEquals("-9223372036854775808|0|-2.305843009213694e+18|12.50|tab\there|ümlaut 😀|t|"
                + "00000000-0000-0000-8000-000000000000|{\"k\": -9223372036854775808}|1699999998|0001ff|null",
                copied.get(0).replace("-0|", "0|"), "MIN_VALUE row");
        assertTrue(copied.get(1).contains("|line\nbreak\r\n|"), copied.get(1));
        assertTrue(copied.get(2).contains("|back\\slash \\N|"), copied.get(2));
        assertTrue(copied.get(4).startsWith("2|-2|0.5|12.50|quote ' \" done|"), copied.get(4));
    }

    @Test
    void anUpsertBatchWithRepeatedKeysKeepsTheLastRowOfEachKey() throws Exception {
        PgTesting.execute(pg, "CREATE TABLE ups (k bigint, region text, v bigint, PRIMARY KEY (k, region))",
                "INSERT INTO ups VALUES (1, 'eu', -1)");
        List<String> columnNames = List.of("k", "region", "v");
        try (Connection c = PgTesting.sinkConnection(pg)) {
            c.setAutoCommit(false);
            TableColumns columns = TableColumns.read(c, "ups", columnNames);
            InsertBatchWriter writer = new InsertBatchWriter(c, "ups", columns, List.of("k", "region"), 1000);
            RowValues row = new RowValues(columnNames);
            for (long v = 0; v < 100; v++) { // keys (0..4, eu|us) repeat ten times each in the one batch
                row.clear();
                row.setLong(0, v % 5).setString(1, v % 10 < 5 ? "eu" : "us").setLong(2, v);
                writer.add(row);
            }
            writer.flush();
            c.commit();
        }
        assertEquals(List.of("0 eu 90", "0 us 95", "1 eu 91", "1 us 96", "2 eu 92", "2 us 97", "3 eu 93", "3 us 98",
                "4 eu 94", "4 us 99"), PgTesting.strings(pg, "SELECT k || ' ' || region || ' ' || v FROM ups ORDER BY k, region"));
    }

    @Test
    void aSetterThatDoesNotFitTheColumnTypeIsRefusedNamingTableColumnTypeAndSetter() throws Exception {
        PgTesting.execute(pg, "CREATE TABLE typed (id bigint, name text)");
        try (Connection c = PgTesting.connect(pg)) {
            TableColumns columns = TableColumns.read(c, "typed", List.of("id", "name"));
            RowValues row = new RowValues(List.of("id", "name"));
            row.setString(0, "42").setString(1, "x");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> columns.checkKinds(row));
            assertTrue(e.getMessage().contains("column id of table typed with setString")
                    && e.getMessage().contains("declared bigint"), e.getMessage());
        }
    }

    @Test
    void aMissingTableOrColumnIsNamed() throws Exception {
        PgTesting.execute(pg, "CREATE TABLE some_columns (a bigint)");
        try (Connection c = PgTesting.connect(pg)) {
            IllegalStateException table = assertThrows(IllegalStateException.class,
                    () -> TableColumns.read(c, "no_such_table", List.of("a")));
            assertTrue(table.getMessage().contains("table no_such_table does not exist")
                    && table.getMessage().contains("setCreateTableIfAbsent"), table.getMessage());
            IllegalStateException column = assertThrows(IllegalStateException.class,
                    () -> TableColumns.read(c, "some_columns", List.of("a", "b")));
            assertTrue(column.getMessage().contains("table some_columns has no column b"), column.getMessage());
        }
    }
}
