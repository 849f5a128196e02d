package dev.weir.api;

/**
 * A record an operator (or source) could not process, sent to the dead-letter side output under the
 * {@link ErrorPolicy#deadLetter()} policy. Sink the stream {@code op.getSideOutput(DeadLetter.TAG)}
 * or {@link StreamExecutionEnvironment#getDeadLetterStream()} like any other; {@link #toString()} is one JSON
 * line, so a text sink such as {@code FileSink} writes one dead letter per line.
 *
 * @param record           the record as text ({@code toString()}); for malformed input, what the source read
 *                         (bytes that are not UTF-8 shown as U+FFFD, an over-long line cut short)
 * @param exceptionClass   the class of the exception, e.g. {@code java.lang.NumberFormatException}
 * @param exceptionMessage its message (may be null)
 * @param operatorUid      the uid of the operator, or null if it has none
 * @param operatorName     the name of the operator
 * @param subtask          the index of the subtask (from 0)
 * @param sourcePosition   where the record was read, e.g. {@code file /in/a.txt byte 1234} or
 *                         {@code topic t partition 0 offset 17}; null when unknown: an operator knows
 *                         the position only when it runs chained to its source, not behind a channel
 *                         (keyBy, rebalance, another parallelism)
 */
public record DeadLetter(String record, String exceptionClass, String exceptionMessage, String operatorUid,
                         String operatorName, int subtask, String sourcePosition) {

    /** The tag of every operator's dead-letter side output. */
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("weir-dead-letters", DeadLetter.class);

    /** One line of JSON with every field (strings escaped, nulls as {@code null}). */
    @Override
    public String toString() {
        StringBuilder json = new StringBuilder(128 + (record == null ? 0 : record.length()));
        json.append("{\"operatorUid\":");
        quote(json, operatorUid);
        json.append(",\"operatorName\":");
        quote(json, operatorName);
        json.append(",\"subtask\":").append(subtask).append(",\"sourcePosition\":");
        quote(json, sourcePosition);
        json.append(",\"exceptionClass\":");
        quote(json, exceptionClass);
        json.append(",\"exceptionMessage\":");
        quote(json, exceptionMessage);
        json.append(",\"record\":");
        quote(json, record);
        return json.append('}').toString();
    }

    private static void quote(StringBuilder json, String text) {
        if (text == null) {
            json.append("null");
            return;
        }
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
