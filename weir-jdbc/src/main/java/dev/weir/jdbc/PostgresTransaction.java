package dev.weir.jdbc;

/**
 * A transaction of the exactly-once {@link PostgresSink} as its checkpoint stores it: the gid it was
 * prepared under, and the token of the run that wrote it, which its row in the progress table also
 * holds (so a row left by an earlier job that used the same gid is never taken as proof).
 * {@code hasRows} false: nothing was written in the interval and nothing was prepared.
 * Never holds the password or any other setting.
 */
public record PostgresTransaction(String gid, long token, boolean hasRows) {
}
