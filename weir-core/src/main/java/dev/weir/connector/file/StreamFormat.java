package dev.weir.connector.file;

import dev.weir.api.typeinfo.TypeInformation;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * How a {@link FileSource} turns the bytes of a file into records, read front to back as a stream
 * ({@link TextLineInputFormat}: one record per line). A file is one split, never cut in pieces.
 *
 * <p>The format is shared by all subtasks and must be immutable; each opened file gets its own
 * {@link Reader}, used on one subtask's thread only. A reader must know the byte offset at which
 * the record after the last one it returned starts: that offset goes into checkpoints, and a
 * restored job opens the file there and creates a new reader, which must then go on with exactly
 * the next record.
 *
 * @param <T> the record type
 */
public interface StreamFormat<T> {

    /**
     * A reader of one file whose {@code stream} is already positioned at byte
     * {@link Context#startOffset()} (the file's start, or where a checkpoint left it). The stream
     * belongs to the reader, which closes it.
     */
    Reader<T> createReader(Context context, InputStream stream) throws IOException;

    /** The type of the records. */
    TypeInformation<T> getProducedType();

    /** Whether a file may be cut into several splits; Weir reads each file whole, so false. */
    default boolean isSplittable() {
        return false;
    }

    /**
     * Reads the records of one file. Called on one subtask's thread only.
     *
     * @param <T> the record type
     */
    interface Reader<T> extends Closeable {

        /**
         * The next record, or null at the end of the file. A record that cannot be read goes to
         * {@link Context#onMalformedRecord}; if that returns, the reader goes on with the next one.
         */
        T read() throws Exception;

        /** Weir: the byte offset in the file where the record after the one returned last starts. */
        long getOffset();

        /** Weir: the byte offset where the record returned last starts, for error messages. */
        long getLastRecordOffset();

        @Override
        void close() throws IOException;
    }

    /** Weir: the file a reader reads and where malformed records go. */
    interface Context {

        /** The file, as an absolute local path. */
        String file();

        /** The byte offset at which the stream given to the reader starts. */
        long startOffset();

        /**
         * A record the reader cannot read (not decodable, too long): applies the source's error
         * policy. Returns when the policy skips or dead-letters it, throws when the policy fails.
         *
         * @param record what was read, as text (shortened), for the dead letter
         * @param error  what is wrong, naming the option that limits it if any
         * @param offset the byte offset where the record starts
         */
        void onMalformedRecord(String record, Exception error, long offset) throws Exception;
    }
}
