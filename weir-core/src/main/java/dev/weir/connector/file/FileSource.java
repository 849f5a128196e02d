package dev.weir.connector.file;

import dev.weir.api.connector.Source;
import dev.weir.api.connector.SourceContext;
import dev.weir.api.connector.SourceReader;
import dev.weir.api.fs.Path;
import dev.weir.connector.FileOperationException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Records from files, built as in Flink:
 * {@code FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(dir)).build()}. Each
 * path is a file or a directory; a directory stands for the regular files below it, sub-directories
 * included, except hidden ones (names starting with '.' or '_', such as a file sink's in-progress
 * parts). Each file is read whole by one subtask, from front to back, through the
 * {@link StreamFormat}.
 *
 * <p><b>Bounded</b> (default, {@link FileSourceBuilder#processStaticFileSet()}): the files present
 * when the job starts, sorted by path, file {@code i} read by subtask {@code i % parallelism}; the
 * source ends when all are read.
 *
 * <p><b>Continuous</b> ({@link FileSourceBuilder#monitorContinuously(Duration)}): the paths are
 * listed again at every interval and new files are read as they appear; the source never ends.
 * A file belongs to the subtask its path hashes to. Each subtask remembers in its checkpointed
 * state every file it has read, so a restored job reads each file exactly once. Put files in
 * place atomically (write them elsewhere, then rename them into the directory): a file is read up
 * to the end it has when it is opened, and later changes are not seen. A continuous source cannot
 * be restored with another parallelism (the job refuses it, saying so).
 *
 * <p><b>Positions.</b> A checkpoint stores, per file, the byte offset where the next record
 * starts; a restore reopens the file there. A file that became shorter than that fails the job
 * (input must not change while a job reads it). Every failure names the file and offset.
 *
 * @param <T> the record type
 */
public final class FileSource<T> implements Source<T, FileSourceSplit> {
    private final List<Path> paths;
    private final StreamFormat<T> format;
    private final Duration discoveryInterval; // null: bounded

    private FileSource(List<Path> paths, StreamFormat<T> format, Duration discoveryInterval) {
        this.paths = paths;
        this.format = format;
        this.discoveryInterval = discoveryInterval;
    }

    /** A builder of a source that reads the files under {@code paths} with {@code format}. */
    public static <T> FileSourceBuilder<T> forRecordStreamFormat(StreamFormat<T> format, Path... paths) {
        Objects.requireNonNull(format, "format");
        if (paths.length == 0) {
            throw new IllegalArgumentException("FileSource.forRecordStreamFormat(..) needs at least one path");
        }
        return new FileSourceBuilder<>(format, List.of(paths));
    }

    /** The record format. */
    public StreamFormat<T> getStreamFormat() {
        return format;
    }

    /** Weir: whether the source reads new files as they appear (it then never ends). */
    public boolean isContinuous() {
        return discoveryInterval != null;
    }

    @Override
    public void validate() {
        for (Path path : paths) {
            java.nio.file.Path local = path.toLocalPath();
            if (!Files.exists(local)) {
                throw new IllegalArgumentException("input path " + local + " does not exist");
            }
            if (!Files.isReadable(local)) {
                throw new IllegalArgumentException("input path " + local + " is not readable");
            }
        }
    }

    @Override
    public List<FileSourceSplit> initialSplits(int subtaskIndex, int parallelism) throws IOException {
        if (isContinuous()) {
            return List.of(); // the reader lists the paths itself, at once and then every interval
        }
        List<String> all = listFiles();
        List<FileSourceSplit> mine = new ArrayList<>();
        for (int i = subtaskIndex; i < all.size(); i += parallelism) {
            mine.add(new FileSourceSplit(all.get(i), 0, parallelism));
        }
        return mine;
    }

    @Override
    public Class<FileSourceSplit> splitType() {
        return FileSourceSplit.class;
    }

    @Override
    public SourceReader<T, FileSourceSplit> createReader(SourceContext context, List<FileSourceSplit> splits) {
        return new FileSourceReader<>(this, context, splits);
    }

    Duration discoveryInterval() {
        return discoveryInterval;
    }

    /** Every readable file under the paths, as absolute local paths, sorted, without duplicates. */
    List<String> listFiles() throws IOException {
        TreeSet<String> files = new TreeSet<>();
        for (Path path : paths) {
            java.nio.file.Path local = path.toLocalPath();
            if (Files.isDirectory(local)) {
                listDirectory(local, files);
            } else {
                files.add(local.toString());
            }
        }
        return new ArrayList<>(files);
    }

    private static void listDirectory(java.nio.file.Path dir, TreeSet<String> files) throws IOException {
        try (DirectoryStream<java.nio.file.Path> entries = Files.newDirectoryStream(dir)) {
            for (java.nio.file.Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".") || name.startsWith("_")) {
                    continue;
                }
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    listDirectory(entry, files);
                } else if (Files.isRegularFile(entry)) {
                    files.add(entry.toString());
                }
            }
        } catch (NoSuchFileException e) {
            // a sub-directory removed while listing: nothing to read in it
        } catch (IOException e) {
            throw FileOperationException.of(FileOperationException.Operation.LIST, dir,
                    FileOperationException.Owner.INPUT, e);
        }
    }

    @Override
    public String toString() {
        return "FileSource" + paths + (isContinuous() ? " (monitored every " + discoveryInterval + ")" : "");
    }

    /**
     * Configures a {@link FileSource}: bounded (default) or continuous. Not thread-safe.
     *
     * @param <T> the record type
     */
    public static final class FileSourceBuilder<T> {
        private final StreamFormat<T> format;
        private final List<Path> paths;
        private Duration discoveryInterval;

        FileSourceBuilder(StreamFormat<T> format, List<Path> paths) {
            this.format = format;
            this.paths = paths;
        }

        /**
         * Reads new files too: lists the paths again every {@code discoveryInterval}; the source
         * then never ends.
         */
        public FileSourceBuilder<T> monitorContinuously(Duration discoveryInterval) {
            if (discoveryInterval == null || discoveryInterval.isNegative() || discoveryInterval.isZero()) {
                throw new IllegalArgumentException("FileSource " + paths + ": the discovery interval of "
                        + "monitorContinuously(..) must be positive, was " + discoveryInterval);
            }
            this.discoveryInterval = discoveryInterval;
            return this;
        }

        /** Reads the files present at the start, then ends (the default). */
        public FileSourceBuilder<T> processStaticFileSet() {
            this.discoveryInterval = null;
            return this;
        }

        public FileSource<T> build() {
            return new FileSource<>(paths, format, discoveryInterval);
        }
    }
}
