package dev.weir.cli.port;

/**
 * A copy of Java source text in which comments and string, character and text-block literals are
 * blanked out (every character but line breaks becomes a space), so that a search for names in the
 * copy finds only code, at the same offsets and on the same lines as in the original.
 */
final class JavaSourceMask {
    private JavaSourceMask() {
    }

    static String mask(String source) {
        char[] out = source.toCharArray();
        int n = out.length;
        int i = 0;
        while (i < n) {
            char c = out[i];
            if (c == '/' && i + 1 < n && out[i + 1] == '/') {
                int end = i;
                while (end < n && out[end] != '\n' && out[end] != '\r') {
                    end++;
                }
                i = blank(out, i, end);
            } else if (c == '/' && i + 1 < n && out[i + 1] == '*') {
                int close = source.indexOf("*/", i + 2);
                i = blank(out, i, close < 0 ? n : close + 2);
            } else if (c == '"' && source.startsWith("\"\"\"", i)) {
                int close = closing(source, i + 3, "\"\"\"");
                i = blank(out, i, close);
            } else if (c == '"' || c == '\'') {
                i = blank(out, i, closing(source, i + 1, String.valueOf(c)));
            } else {
                i++;
            }
        }
        return new String(out);
    }

    /** The offset just past the closing delimiter, skipping escaped characters; a literal never spans a line. */
    private static int closing(String source, int from, String delimiter) {
        boolean lineBound = delimiter.length() == 1;
        int i = from;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (source.startsWith(delimiter, i)) {
                return i + delimiter.length();
            } else if (lineBound && (c == '\n' || c == '\r')) {
                return i;
            } else {
                i++;
            }
        }
        return source.length();
    }

    private static int blank(char[] out, int from, int to) {
        int end = Math.min(to, out.length);
        for (int i = from; i < end; i++) {
            if (out[i] != '\n' && out[i] != '\r') {
                out[i] = ' ';
            }
        }
        return end;
    }
}
