package dev.weir.connector;

import dev.weir.api.Collector;
import dev.weir.api.connector.Source;
import dev.weir.api.connector.SourceContext;
import dev.weir.api.connector.SourceReader;
import java.io.IOException;
import java.io.InputStream;
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
 */
public final class TextFileSource implements Source<String> {
    private static final int MAX_LINES_PER_POLL = 256;

    private final Path path;

    public TextFileSource(Path path) {
        this.path = path;
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
        }
    }

    @Override
    public SourceReader<String> createReader(SourceContext context) throws IOException {
        List<Path> mine = new ArrayList<>();
        List<Path> all = files();
        for (int i = context.getSubtaskIndex(); i < all.size(); i += context.getParallelism()) {
            mine.add(all.get(i));
        }
        return new Reader(mine);
    }

    /** A line's position: the file and the byte offset of the line's first byte. */
    public record Position(Path file, long offset) {
    }

    /** Reads its files one after the other; {@link #position()} is where the next line starts. */
    public static final class Reader implements SourceReader<String> {
        private final List<Path> files;
        private int fileIndex = -1;
        private InputStream in;
        private long offset;
        private final byte[] buffer = new byte[64 * 1024];
        private int bufferStart;
        private int bufferEnd;
        private byte[] line = new byte[256];

        Reader(List<Path> files) {
            this.files = files;
        }

        public Position position() {
            return fileIndex < 0 || fileIndex >= files.size() ? null : new Position(files.get(fileIndex), offset);
        }

        @Override
        public InputStatus pollNext(Collector<String> output) throws IOException {
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
                output.collect(next);
            }
            return InputStatus.MORE_AVAILABLE;
        }

        private boolean openNextFile() throws IOException {
            fileIndex++;
            if (fileIndex >= files.size()) {
                return false;
            }
            Path file = files.get(fileIndex);
            try {
                in = Files.newInputStream(file);
            } catch (IOException e) {
                throw new IOException("cannot open input file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
            }
            offset = 0;
            bufferStart = bufferEnd = 0;
            return true;
        }

        /** The next line without its terminator, or null at the end of the file. */
        private String readLine() throws IOException {
            int length = 0;
            boolean any = false;
            while (true) {
                if (bufferStart == bufferEnd) {
                    int read = in.read(buffer);
                    if (read < 0) {
                        return any ? decode(length) : null;
                    }
                    bufferStart = 0;
                    bufferEnd = read;
                }
                any = true;
                byte b = buffer[bufferStart++];
                offset++;
                if (b == '\n') {
                    if (length > 0 && line[length - 1] == '\r') {
                        length--;
                    }
                    return decode(length);
                }
                if (length == line.length) {
                    line = java.util.Arrays.copyOf(line, length * 2);
                }
                line[length++] = b;
            }
        }

        private String decode(int length) {
            return new String(line, 0, length, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }
}
