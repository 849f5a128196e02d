package dev.weir.connector.file;

import dev.weir.api.Collector;
import dev.weir.api.connector.ReaderOutput;
import dev.weir.api.connector.SourceOutput;
import dev.weir.api.connector.SourceContext;
import dev.weir.api.connector.SourceReader;
import dev.weir.connector.FileOperationException;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the files of one {@link FileSource} subtask one after the other, each from its offset,
 * through the source's {@link StreamFormat}; in continuous mode it also lists the paths at every
 * interval and queues the new files this subtask owns. Runs on the subtask's thread only.
 */
final class FileSourceReader<T> implements SourceReader<T, FileSourceSplit> {
    private static final int MAX_RECORDS_PER_POLL = 256;

    private final FileSource<T> source;
    private final SourceContext context;
    private final int parallelism;
    private final boolean continuous;
    private final long discoveryNanos;
    /** Files still to read, each with its start offset. */
    private final ArrayDeque<FileSourceSplit> pending = new ArrayDeque<>();
    /** Continuous mode: every file this subtask queued, read or is reading (never read twice). */
    private final Set<String> known = new HashSet<>();
    /** Continuous mode: the files read to their end, in the order they were finished. */
    private final List<String> finished = new ArrayList<>();
    private long nextDiscovery;

    private String file; // the file being read, or null
    private StreamFormat.Reader<T> reader;

    FileSourceReader(FileSource<T> source, SourceContext context, List<FileSourceSplit> splits) {
        this.source = source;
        this.context = context;
        this.parallelism = context.getParallelism();
        this.continuous = source.isContinuous();
        this.discoveryNanos = continuous ? source.discoveryInterval().toNanos() : 0;
        for (FileSourceSplit split : splits) {
            if (continuous && split.parallelism() != parallelism) {
                throw new IllegalStateException("the continuous file source " + source + " was checkpointed at "
                        + "parallelism " + split.parallelism() + " and cannot be restored at parallelism " + parallelism
                        + ": each subtask remembers the files it has read, and another parallelism would give files "
                        + "to subtasks that do not know them (they would be read twice). Restore it with parallelism "
                        + split.parallelism() + ", or start fresh");
            }
            if (split.path().isEmpty()) {
                continue; // a subtask's marker: it had no files
            }
            if (split.isFinished()) {
                finished.add(split.path());
            } else {
                pending.add(split);
            }
            known.add(split.path());
        }
        this.nextDiscovery = System.nanoTime();
    }

    private ReaderOutput<T> readerOutput; // per-split outputs, when the task offers them
    private SourceOutput<T> fileOutput; // the open file's

    @Override
    public InputStatus pollNext(Collector<T> output) throws Exception {
        readerOutput = output instanceof ReaderOutput<T> perSplit ? perSplit : null;
        for (int emitted = 0; emitted < MAX_RECORDS_PER_POLL; emitted++) {
            if (reader == null && !openNextFile()) {
                if (!continuous) {
                    return InputStatus.END_OF_INPUT;
                }
                if (System.nanoTime() - nextDiscovery < 0 || !discover()) {
                    return emitted > 0 ? InputStatus.MORE_AVAILABLE : InputStatus.NOTHING_AVAILABLE;
                }
                continue;
            }
            T next = reader.read();
            if (next == null) {
                closeFile();
                continue;
            }
            if (readerOutput != null) { // each file has its own watermark generator
                if (fileOutput == null) {
                    fileOutput = readerOutput.createOutputForSplit(file);
                }
                fileOutput.collect(next);
            } else {
                output.collect(next);
            }
        }
        return InputStatus.MORE_AVAILABLE;
    }

    /** Lists the paths and queues the new files of this subtask; whether there were any. */
    private boolean discover() throws IOException {
        nextDiscovery = System.nanoTime() + discoveryNanos;
        boolean found = false;
        for (String path : source.listFiles()) {
            if (Math.floorMod(path.hashCode(), parallelism) == context.getSubtaskIndex() && known.add(path)) {
                pending.add(new FileSourceSplit(path, 0, parallelism));
                found = true;
            }
        }
        return found;
    }

    private boolean openNextFile() throws IOException {
        FileSourceSplit split = pending.poll();
        if (split == null) {
            return false;
        }
        Path path = Path.of(split.path());
        InputStream in;
        try {
            in = Files.newInputStream(path);
        } catch (IOException e) {
            throw FileOperationException.of(FileOperationException.Operation.READ, path,
                    FileOperationException.Owner.INPUT, e);
        }
        try {
            in.skipNBytes(split.offset()); // EOFException if the file is now shorter than the checkpoint saw
        } catch (EOFException e) {
            in.close();
            throw new IOException("input file " + path.toAbsolutePath() + " is shorter than the checkpoint's "
                    + "position, byte " + split.offset() + ": a replayable file must not change while a job "
                    + "reads it; put the original back, or start fresh with --fresh (setStartFresh(true))", e);
        } catch (IOException e) {
            in.close();
            throw FileOperationException.of(FileOperationException.Operation.READ, path,
                    FileOperationException.Owner.INPUT, e);
        }
        file = split.path();
        reader = source.getStreamFormat().createReader(new FileContext(split.path(), split.offset()),
                new ReadFailures(in, path));
        return true;
    }

    private void closeFile() throws IOException {
        reader.close();
        reader = null;
        if (fileOutput != null) {
            readerOutput.releaseOutputForSplit(file);
            fileOutput = null;
        }
        if (continuous) {
            finished.add(file);
        }
        file = null;
    }

    @Override
    public List<FileSourceSplit> snapshotSplits() {
        List<FileSourceSplit> splits = new ArrayList<>(pending.size() + finished.size() + 1);
        if (reader != null) {
            splits.add(new FileSourceSplit(file, reader.getOffset(), parallelism));
        }
        splits.addAll(pending);
        for (String done : finished) {
            splits.add(new FileSourceSplit(done, FileSourceSplit.FINISHED, parallelism));
        }
        if (continuous && splits.isEmpty()) {
            splits.add(new FileSourceSplit("", FileSourceSplit.FINISHED, parallelism)); // to detect a rescale
        }
        return splits;
    }

    /** {@code file <path> byte <offset>} of the record emitted last. */
    @Override
    public String positionOfLastRecord() {
        return reader == null ? null : "file " + file + " byte " + reader.getLastRecordOffset();
    }

    @Override
    public long nanosUntilAvailable() {
        return Math.max(1_000_000L, nextDiscovery - System.nanoTime());
    }

    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.close();
        }
    }

    /** The file a format reader reads; malformed records go to the source's error policy. */
    private final class FileContext implements StreamFormat.Context {
        private final String path;
        private final long startOffset;

        FileContext(String path, long startOffset) {
            this.path = path;
            this.startOffset = startOffset;
        }

        @Override
        public String file() {
            return path;
        }

        @Override
        public long startOffset() {
            return startOffset;
        }

        @Override
        public void onMalformedRecord(String record, Exception error, long offset) throws Exception {
            context.onMalformedRecord(record, error, "file " + path + " byte " + offset);
        }
    }

    /** The file's stream, whose read failures name the file and say what to check. */
    private static final class ReadFailures extends FilterInputStream {
        private final Path path;

        ReadFailures(InputStream in, Path path) {
            super(in);
            this.path = path;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw failure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw failure(e);
            }
        }

        private IOException failure(IOException e) {
            return FileOperationException.of(FileOperationException.Operation.READ, path,
                    FileOperationException.Owner.INPUT, e);
        }
    }
}
