package dev.weir.connector.file;

import dev.weir.api.typeinfo.TypeInformation;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a text file, one record per line, in UTF-8 or another ASCII-compatible charset.
 * Line terminators ({@code \n}, {@code \r\n}) are removed; a last line without terminator counts.
 *
 * <p><b>Malformed input</b> (Weir). A line that is not valid in the charset, or longer than
 * {@link #withMaxLineLength maxLineLength} bytes (default 1 MiB; an over-long line is never held in
 * memory whole), is not emitted: it goes through the source's error policy with its file and byte
 * offset (fail the job, skip it, or send it to the dead-letter output). Either way the reader's
 * offset moves past it, so a restore neither emits it nor skips it twice.
 */
public class TextLineInputFormat implements StreamFormat<String> {
    /** The charset of {@link #TextLineInputFormat()}. */
    public static final String DEFAULT_CHARSET_NAME = "UTF-8";
    /** Default of option maxLineLength: 1 MiB. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 1 << 20;
    private static final int MAX_MAX_LINE_LENGTH = 1 << 30;

    private final Charset charset;
    private final int maxLineLength;

    /** UTF-8 lines. */
    public TextLineInputFormat() {
        this(DEFAULT_CHARSET_NAME);
    }

    /**
     * Lines in the charset named {@code charsetName}. It must encode ASCII as ASCII (UTF-8, ISO-8859-*,
     * windows-125*, ...), since lines are split at the byte {@code '\n'}; UTF-16 and UTF-32 are refused.
     */
    public TextLineInputFormat(String charsetName) {
        this(charset(charsetName), DEFAULT_MAX_LINE_LENGTH);
    }

    private TextLineInputFormat(Charset charset, int maxLineLength) {
        if (maxLineLength < 1 || maxLineLength > MAX_MAX_LINE_LENGTH) {
            throw new IllegalArgumentException("option maxLineLength of TextLineInputFormat must be between 1 and "
                    + MAX_MAX_LINE_LENGTH + " bytes, was " + maxLineLength);
        }
        this.charset = charset;
        this.maxLineLength = maxLineLength;
    }

    private static Charset charset(String name) {
        Charset charset;
        try {
            charset = Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("TextLineInputFormat: unknown or unsupported charset '" + name + "'", e);
        }
        if (!charset.canEncode() || !Arrays.equals("a\r\n".getBytes(charset), new byte[] {'a', '\r', '\n'})) {
            throw new IllegalArgumentException("TextLineInputFormat: charset " + charset.name() + " does not encode "
                    + "ASCII as single bytes, so its lines cannot be found at the byte '\\n'; use an ASCII-compatible "
                    + "charset such as UTF-8, or convert the files");
        }
        return charset;
    }

    /**
     * Weir: the same format with lines limited to {@code bytes} bytes (without the terminator); a
     * longer line is malformed input (see the class comment).
     */
    public TextLineInputFormat withMaxLineLength(int bytes) {
        return new TextLineInputFormat(charset, bytes);
    }

    public int getMaxLineLength() {
        return maxLineLength;
    }

    @Override
    public Reader createReader(Context context, InputStream stream) {
        return new Reader(context, stream, charset, maxLineLength);
    }

    @Override
    public TypeInformation<String> getProducedType() {
        return TypeInformation.of(String.class);
    }

    /** Reads the lines of one file from its start offset. */
    public static final class Reader implements StreamFormat.Reader<String> {
        /** How much of a malformed line a dead letter shows. */
        private static final int MAX_SHOWN_BYTES = 1024;

        private final Context context;
        private final InputStream in;
        private final Charset charset;
        private final int maxLineLength;
        private final CharsetDecoder strictDecoder;
        private long offset;
        private boolean lineWasMalformed;
        private long lineStart; // where the line returned last starts
        private final byte[] buffer = new byte[64 * 1024];
        private int bufferStart;
        private int bufferEnd;
        private byte[] line = new byte[256];
        private ByteBuffer lineBytes = ByteBuffer.wrap(line);
        private CharBuffer chars = CharBuffer.allocate(256);

        Reader(Context context, InputStream in, Charset charset, int maxLineLength) {
            this.context = context;
            this.in = in;
            this.charset = charset;
            this.maxLineLength = maxLineLength;
            this.strictDecoder = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            this.offset = context.startOffset();
            this.lineStart = offset;
        }

        @Override
        public long getOffset() {
            return offset;
        }

        @Override
        public long getLastRecordOffset() {
            return lineStart;
        }

        @Override
        public String read() throws Exception {
            while (true) {
                String line = readLine();
                if (!lineWasMalformed) {
                    return line; // a line, or null at the end of the file
                }
                lineWasMalformed = false; // the error policy let it pass: go on after it
            }
        }

        /** The next line without its terminator; null at the end or for a malformed line (flagged). */
        private String readLine() throws Exception {
            lineStart = offset;
            int length = 0;
            int highBits = 0; // OR of all bytes: ASCII-only lines skip the strict decoder
            boolean any = false;
            boolean newline = false;
            boolean tooLong = false;
            while (true) {
                if (bufferStart == bufferEnd) {
                    int read = in.read(buffer);
                    if (read < 0) {
                        break;
                    }
                    bufferStart = 0;
                    bufferEnd = read;
                }
                any = true;
                int end = bufferStart;
                int bits = 0;
                while (end < bufferEnd && buffer[end] != '\n') {
                    bits |= buffer[end++];
                }
                int chunk = end - bufferStart;
                // Keep at most maxLineLength bytes and a '\r' that may precede the '\n'; drop the rest.
                int keep = (int) Math.min(chunk, (long) maxLineLength + 1 - length);
                if (keep < chunk) {
                    tooLong = true;
                }
                if (keep > 0) {
                    if (length + keep > line.length) {
                        grow(length + keep);
                    }
                    System.arraycopy(buffer, bufferStart, line, length, keep);
                    length += keep;
                    highBits |= bits;
                }
                offset += chunk;
                bufferStart = end;
                if (end < bufferEnd) { // at the '\n'
                    bufferStart++;
                    offset++;
                    newline = true;
                    break;
                }
            }
            if (!any) {
                return null;
            }
            if (newline && length > 0 && line[length - 1] == '\r' && !tooLong) {
                length--;
            }
            if (tooLong || length > maxLineLength) {
                lineWasMalformed = true;
                context.onMalformedRecord(shown(length), new IOException("line longer than the maximum of "
                        + maxLineLength + " bytes (option maxLineLength of the text file source; raise it with "
                        + "TextLineInputFormat.withMaxLineLength(..))"), lineStart);
                return null;
            }
            if ((highBits & 0x80) == 0) {
                return new String(line, 0, length, StandardCharsets.ISO_8859_1); // ASCII
            }
            return decodeStrictly(length);
        }

        private String decodeStrictly(int length) throws Exception {
            lineBytes.clear().limit(length);
            if (chars.capacity() < length) {
                chars = CharBuffer.allocate(Math.max(length, chars.capacity() * 2));
            }
            chars.clear();
            strictDecoder.reset();
            CoderResult result = strictDecoder.decode(lineBytes, chars, true);
            if (!result.isError()) {
                result = strictDecoder.flush(chars);
            }
            if (result.isError()) {
                lineWasMalformed = true;
                context.onMalformedRecord(shown(length), new CharConversionException("line is not valid "
                        + charset.name() + ": malformed byte sequence at byte " + (lineStart + lineBytes.position())
                        + " of the file"), lineStart);
                return null;
            }
            return chars.flip().toString();
        }

        private void grow(int needed) {
            long size = Math.max(needed, line.length * 2L);
            line = Arrays.copyOf(line, (int) Math.min(size, maxLineLength + 1L));
            lineBytes = ByteBuffer.wrap(line);
        }

        /** The start of a malformed line for its dead letter, invalid bytes replaced. */
        private String shown(int length) {
            int shown = Math.min(length, MAX_SHOWN_BYTES);
            String text = new String(line, 0, shown, charset);
            return shown < length || length > maxLineLength ? text + "…" : text;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
