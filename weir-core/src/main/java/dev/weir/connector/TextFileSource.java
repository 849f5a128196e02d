package dev.weir.connector;

import dev.weir.api.Collector;
import dev.weir.api.connector.Source;
import dev.weir.api.connector.SourceContext;
import dev.weir.api.connector.SourceReader;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The lines of a UTF-8 text file, or of every regular file in a directory (sorted by name, file
 * {@code i} read by subtask {@code i % parallelism}). Line terminators ({@code \n}, {@code \r\n})
 * are removed. A line's position is its file and the byte offset where it starts, so a reader can
 * later resume exactly at a line.
 *
 * <p><b>Malformed input.</b> A line that is not valid UTF-8, or longer than
 * {@link #withMaxLineLength maxLineLength} bytes (default 1 MiB; an over-long line is never held in
 * memory whole), is not emitted: it goes through the source's error policy with its file and byte
 * offset (fail the job, skip it, or send it to the dead-letter output). Either way the reader's
 * position moves past it, so a restore neither skips it twice nor emits it.
 */
public final class TextFileSource implements Source<String, TextFileSource.Position> {
    /** Default of option maxLineLength: 1 MiB. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 1 << 20;
    private static final int MAX_MAX_LINE_LENGTH = 1 << 30;
    private static final int MAX_LINES_PER_POLL = 256;
    /** How much of a malformed line a dead letter shows. */
    private static final int MAX_SHOWN_BYTES = 1024;

    private final Path path;
    private final int maxLineLength;

    public TextFileSource(String path) {
        this(Path.of(path));
    }

    public TextFileSource(Path path) {
        this(path, DEFAULT_MAX_LINE_LENGTH);
    }

    private TextFileSource(Path path, int maxLineLength) {
        if (maxLineLength < 1 || maxLineLength > MAX_MAX_LINE_LENGTH) {
            throw new IllegalArgumentException("option maxLineLength of the text file source " + path
                    + " must be between 1 and " + MAX_MAX_LINE_LENGTH + " bytes, was " + maxLineLength);
        }
        this.path = path;
        this.maxLineLength = maxLineLength;
    }

    /**
     * The same source with lines limited to {@code bytes} bytes (without the line terminator); a
     * longer line is malformed input (see the class comment).
     */
    public TextFileSource withMaxLineLength(int bytes) {
        return new TextFileSource(path, bytes);
    }

    public int getMaxLineLength() {
        return maxLineLength;
    }

    @Override
    public void validate() {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("input file " + path.toAbsolutePath() + " does not exist");
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("input file " + path.toAbsolutePath() + " is not readable");
        }
    }

    List<Path> files() throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> listing = Files.list(path)) {
            return listing.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw FileOperationException.of(FileOperationException.Operation.LIST, path,
                    FileOperationException.Owner.INPUT, e);
        }
    }

    @Override
    public List<Position> initialSplits(int subtaskIndex, int parallelism) throws IOException {
        List<Position> mine = new ArrayList<>();
        List<Path> all = files();
        for (int i = subtaskIndex; i < all.size(); i += parallelism) {
            mine.add(new Position(all.get(i).toString(), 0));
        }
        return mine;
    }

    @Override
    public Class<Position> splitType() {
        return Position.class;
    }

    @Override
    public SourceReader<String, Position> createReader(SourceContext context, List<Position> splits) {
        return new Reader(splits, context, maxLineLength);
    }

    /** A file and the byte offset of the next line to read in it: a split with its position. */
    public record Position(String file, long offset) {
    }

    /** Reads its files one after the other, each from its split's offset. */
    public static final class Reader implements SourceReader<String, Position> {
        /** What {@link #readLine} returns for a malformed line the error policy let pass. */
        private static final String MALFORMED = new String("malformed");

        private final List<Position> files;
        private final SourceContext context;
        private final int maxLineLength;
        private final CharsetDecoder strictUtf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        private int fileIndex = -1;
        private InputStream in;
        private long offset;
        private long lineStart; // where the line read last starts
        private final byte[] buffer = new byte[64 * 1024];
        private int bufferStart;
        private int bufferEnd;
        private byte[] line = new byte[256];
        private ByteBuffer lineBytes = ByteBuffer.wrap(line);
        private CharBuffer chars = CharBuffer.allocate(256);

        Reader(List<Position> files, SourceContext context, int maxLineLength) {
            this.files = files;
            this.context = context;
            this.maxLineLength = maxLineLength;
        }

        /** Where the next line starts, or null when every file has been read. */
        public Position position() {
            List<Position> splits = snapshotSplits();
            return splits.isEmpty() ? null : splits.get(0);
        }

        @Override
        public List<Position> snapshotSplits() {
            List<Position> splits = new ArrayList<>();
            if (in != null) {
                splits.add(new Position(files.get(fileIndex).file(), offset));
            }
            splits.addAll(files.subList(Math.min(files.size(), fileIndex + 1), files.size()));
            return splits;
        }

        /** {@code file <path> byte <offset>} of the line emitted last. */
        @Override
        public String positionOfLastRecord() {
            return fileIndex < 0 || fileIndex >= files.size() ? null : describe(lineStart);
        }

        private String describe(long byteOffset) {
            return "file " + files.get(fileIndex).file() + " byte " + byteOffset;
        }

        @Override
        public InputStatus pollNext(Collector<String> output) throws Exception {
            for (int emitted = 0; emitted < MAX_LINES_PER_POLL; emitted++) {
                if (in == null && !openNextFile()) {
                    return InputStatus.END_OF_INPUT;
                }
                String next = readLine();
                if (next == null) {
                    in.close();
                    in = null;
                    continue;
                }
                if (next != MALFORMED) {
                    output.collect(next);
                }
            }
            return InputStatus.MORE_AVAILABLE;
        }

        private boolean openNextFile() throws IOException {
            fileIndex++;
            if (fileIndex >= files.size()) {
                return false;
            }
            Position split = files.get(fileIndex);
            Path file = Path.of(split.file());
            try {
                in = Files.newInputStream(file);
                in.skipNBytes(split.offset()); // EOFException if the file is now shorter than the checkpoint saw
            } catch (java.io.EOFException e) {
                throw new IOException("input file " + file.toAbsolutePath() + " is shorter than the checkpoint's "
                        + "position, byte " + split.offset() + ": a replayable file must not change while a job "
                        + "reads it; put the original back, or start fresh with --fresh (setStartFresh(true))", e);
            } catch (IOException e) {
                throw FileOperationException.of(FileOperationException.Operation.READ, file,
                        FileOperationException.Owner.INPUT, e);
            }
            offset = split.offset();
            bufferStart = bufferEnd = 0;
            return true;
        }

        /**
         * The next line without its terminator, null at the end of the file, or {@link #MALFORMED}
         * for a line the error policy skipped or dead-lettered (the offset is past it either way).
         */
        private String readLine() throws Exception {
            lineStart = offset;
            int length = 0;
            int highBits = 0; // OR of all bytes: ASCII-only lines skip the strict decoder
            boolean any = false;
            boolean newline = false;
            boolean tooLong = false;
            while (true) {
                if (bufferStart == bufferEnd) {
                    int read = read();
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
                context.onMalformedRecord(shown(length), new IOException("line longer than the maximum of "
                        + maxLineLength + " bytes (option maxLineLength of the text file source; raise it with "
                        + "TextFileSource.withMaxLineLength(..))"), describe(lineStart));
                return MALFORMED;
            }
            if ((highBits & 0x80) == 0) {
                return new String(line, 0, length, StandardCharsets.ISO_8859_1); // ASCII
            }
            return decodeStrictly(length);
        }

        private int read() throws IOException {
            try {
                return in.read(buffer);
            } catch (IOException e) {
                throw FileOperationException.of(FileOperationException.Operation.READ,
                        Path.of(files.get(fileIndex).file()), FileOperationException.Owner.INPUT, e);
            }
        }

        private String decodeStrictly(int length) throws Exception {
            lineBytes.clear().limit(length);
            if (chars.capacity() < length) {
                chars = CharBuffer.allocate(Math.max(length, chars.capacity() * 2));
            }
            chars.clear();
            strictUtf8.reset();
            CoderResult result = strictUtf8.decode(lineBytes, chars, true);
            if (!result.isError()) {
                result = strictUtf8.flush(chars);
            }
            if (result.isError()) {
                context.onMalformedRecord(shown(length), new CharConversionException("line is not valid UTF-8: "
                        + "malformed byte sequence at byte " + (lineStart + lineBytes.position()) + " of the file"),
                        describe(lineStart));
                return MALFORMED;
            }
            return chars.flip().toString();
        }

        private void grow(int needed) {
            long size = Math.max(needed, line.length * 2L);
            line = java.util.Arrays.copyOf(line, (int) Math.min(size, maxLineLength + 1L));
            lineBytes = ByteBuffer.wrap(line);
        }

        /** The start of a malformed line for its dead letter, invalid bytes as U+FFFD. */
        private String shown(int length) {
            int shown = Math.min(length, MAX_SHOWN_BYTES);
            String text = new String(line, 0, shown, StandardCharsets.UTF_8);
            return shown < length || length > maxLineLength ? text + "…" : text;
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }
}
