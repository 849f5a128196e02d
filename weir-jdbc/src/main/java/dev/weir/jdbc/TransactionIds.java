package dev.weir.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The global transaction ids ({@code PREPARE TRANSACTION '<gid>'}) of one sink:
 * {@code <prefix>:<subtask>:<checkpoint id>}. Deterministic, so a restore finds the transactions its
 * checkpoint lists and a crashed run's leftovers by name; unique per job because checkpoint ids never
 * repeat within a job's checkpoint storage. A gid parses back only if what follows the prefix is
 * exactly two numbers, so prefix {@code a} never claims the gids of prefix {@code a:1}.
 */
final class TransactionIds {
    /** PostgreSQL's limit on a gid (GIDSIZE - 1), in bytes. */
    static final int MAX_GID_BYTES = 199;
    /** The longest suffix: ':' + subtask (at most 5 digits: parallelism is below 32768) + ':' + a long. */
    private static final int MAX_SUFFIX_BYTES = 1 + 5 + 1 + 19;
    private static final Pattern SUFFIX = Pattern.compile(":(\\d{1,5}):(\\d{1,19})");

    private final String prefix;

    TransactionIds(String prefix) {
        check(prefix);
        this.prefix = prefix;
    }

    /** Refuses a prefix that could make a gid longer than PostgreSQL allows, naming the option. */
    static void check(String prefix) {
        int bytes = prefix.getBytes(StandardCharsets.UTF_8).length;
        if (prefix.isEmpty() || bytes > MAX_GID_BYTES - MAX_SUFFIX_BYTES) {
            throw new IllegalArgumentException("PostgresSink: transaction id prefix '" + prefix + "' is " + bytes
                    + " bytes; it must be 1 to " + (MAX_GID_BYTES - MAX_SUFFIX_BYTES) + " bytes (UTF-8), so that the "
                    + "transaction ids '<prefix>:<subtask>:<checkpoint id>' fit PostgreSQL's " + MAX_GID_BYTES
                    + " bytes: shorten it with setTransactionIdPrefix (by default it is '<job name>-<sink uid>')");
        }
    }

    String prefix() {
        return prefix;
    }

    String gid(int subtask, long checkpointId) {
        return prefix + ":" + subtask + ":" + checkpointId;
    }

    /** The subtask that wrote {@code gid}, or -1 if the gid is not one of this prefix. */
    int subtaskOf(String gid) {
        Matcher m = suffix(gid);
        return m == null ? -1 : Integer.parseInt(m.group(1));
    }

    /** The checkpoint of {@code gid}, or -1 if the gid is not one of this prefix. */
    long checkpointOf(String gid) {
        Matcher m = suffix(gid);
        return m == null ? -1 : Long.parseLong(m.group(2));
    }

    private Matcher suffix(String gid) {
        if (!gid.startsWith(prefix)) {
            return null;
        }
        Matcher m = SUFFIX.matcher(gid).region(prefix.length(), gid.length());
        return m.matches() ? m : null;
    }

    /** {@code gid} as an SQL string literal (PREPARE/COMMIT PREPARED take no parameters). */
    static String literal(String gid) {
        return "'" + gid.replace("'", "''") + "'";
    }
}
