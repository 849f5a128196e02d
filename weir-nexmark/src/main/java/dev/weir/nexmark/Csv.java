package dev.weir.nexmark;

/**
 * The CSV of the queries' result rows (RFC 4180): a text field is quoted when it holds a comma, a
 * quote or a line break, its quotes doubled; numbers as they are, timestamps as epoch ms.
 */
public final class Csv {
    private Csv() {
    }

    /** {@code text} as one CSV field. */
    public static String text(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return '"' + text.replace("\"", "\"\"") + '"';
            }
        }
        return text;
    }
}
