package dev.weir.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Append mode: rows encoded straight into COPY's text format (UTF-8, tab-separated, {@code \N} for
 * NULL) in a reused byte buffer — numbers without a String per value — and sent with one
 * {@code COPY table (columns) FROM STDIN} per batch.
 */
final class CopyBatchWriter implements BatchWriter {
    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final CopyManager copy;
    private final String sql;
    private final int batchSize;
    private final byte[] digits = new byte[20];
    private byte[] buffer = new byte[64 * 1024];
    private int length;
    private int rows;

    CopyBatchWriter(Connection connection, String table, TableColumns columns, int batchSize) throws SQLException {
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
        StringBuilder sql = new StringBuilder("COPY ").append(table).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(columns.name(i));
        }
        this.sql = sql.append(") FROM STDIN").toString();
        this.batchSize = batchSize;
    }

    @Override
    public boolean add(RowValues row) {
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
                put((byte) '\t');
            }
            switch (row.kind(i)) {
                case UNSET, NULL -> put(NULL);
                case LONG, INT -> putLong(row.longValue(i));
                case DOUBLE -> putText(Double.toString(row.doubleValue(i)));
                case BOOLEAN -> put((byte) (row.longValue(i) != 0 ? 't' : 'f'));
                case STRING -> putText((String) row.object(i));
                case OBJECT -> putObject(row.object(i));
            }
        }
        put((byte) '\n');
        return ++rows >= batchSize;
    }

    @Override
    public void flush() throws SQLException {
        if (rows == 0) {
            return;
        }
        CopyIn in = copy.copyIn(sql);
        try {
            in.writeToCopy(buffer, 0, length);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
        length = 0;
        rows = 0;
    }

    @Override
    public int buffered() {
        return rows;
    }

    private void putObject(Object value) {
        if (value instanceof byte[] bytes) { // bytea's hex form; the backslash doubled for COPY
            put((byte) '\\');
            put((byte) '\\');
            put((byte) 'x');
            for (byte b : bytes) {
                put(HEX[(b >> 4) & 0xf]);
                put(HEX[b & 0xf]);
            }
        } else {
            putText(value.toString());
        }
    }

    private void putLong(long v) {
        if (v == Long.MIN_VALUE) {
            putText(Long.toString(v));
            return;
        }
        if (v < 0) {
            put((byte) '-');
            v = -v;
        }
        int p = digits.length;
        do {
            digits[--p] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        ensure(digits.length - p);
        System.arraycopy(digits, p, buffer, length, digits.length - p);
        length += digits.length - p;
    }

    /** UTF-8 with COPY's escapes for backslash, tab, newline and carriage return. */
    private void putText(String s) {
        ensure(s.length() * 3 + 2);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> putEscape((byte) '\\');
                    case '\t' -> putEscape((byte) 't');
                    case '\n' -> putEscape((byte) 'n');
                    case '\r' -> putEscape((byte) 'r');
                    default -> buffer[length++] = (byte) c;
                }
            } else if (c < 0x800) {
                buffer[length++] = (byte) (0xc0 | c >> 6);
                buffer[length++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                ensure(4);
                buffer[length++] = (byte) (0xf0 | cp >> 18);
                buffer[length++] = (byte) (0x80 | cp >> 12 & 0x3f);
                buffer[length++] = (byte) (0x80 | cp >> 6 & 0x3f);
                buffer[length++] = (byte) (0x80 | cp & 0x3f);
            } else {
                char u = Character.isSurrogate(c) ? '\ufffd' : c; // a lone surrogate is no character
                buffer[length++] = (byte) (0xe0 | u >> 12);
                buffer[length++] = (byte) (0x80 | u >> 6 & 0x3f);
                buffer[length++] = (byte) (0x80 | u & 0x3f);
            }
        }
    }

    private void putEscape(byte b) {
        ensure(2);
        buffer[length++] = '\\';
        buffer[length++] = b;
    }

    private void put(byte b) {
        ensure(1);
        buffer[length++] = b;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
