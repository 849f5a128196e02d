package dev.weir.connector.file;

/**
 * What a {@link FileSource} subtask keeps in a checkpoint about one file: the byte offset where the
 * next record starts, or, for a source that monitors its directories, that the file has been read
 * to its end ({@code offset == FINISHED}) so that a restored job does not read it again.
 *
 * @param path        the file, as an absolute local path (empty for a subtask's marker without files)
 * @param offset      the byte offset of the next record, or {@link #FINISHED}
 * @param parallelism the source's parallelism when the split was stored
 */
public record FileSourceSplit(String path, long offset, int parallelism) {
    /** The offset of a file that has been read to its end. */
    public static final long FINISHED = -1;

    /** Whether the file has been read to its end. */
    public boolean isFinished() {
        return offset == FINISHED;
    }
}
