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
public final class TextFileSource implements Source<String, TextFileSource.Position> {
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
        return new Reader(splits);
    }

    /** A file and the byte offset of the next line to read in it: a split with its position. */
    public record Position(String file, long offset) {
    }

    /** Reads its files one after the other, each from its split's offset. */
    public static final class Reader implements SourceReader<String, Position> {
        private final List<Position> files;
        private int fileIndex = -1;
        private InputStream in;
        private long offset;
        private final byte[] buffer = new byte[64 * 1024];
        private int bufferStart;
        private int bufferEnd;
        private byte[] line = new byte[256];

        Reader(List<Position> files) {
            this.files = files;
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
            Position split = files.get(fileIndex);
            Path file = Path.of(split.file());
            try {
                in = Files.newInputStream(file);
                in.skipNBytes(split.offset()); // EOFException if the file is now shorter than the checkpoint saw
            } catch (IOException e) {
                throw new IOException("cannot open input file " + file.toAbsolutePath() + " at byte " + split.offset()
                        + ": " + e.getMessage(), e);
            }
            offset = split.offset();
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
