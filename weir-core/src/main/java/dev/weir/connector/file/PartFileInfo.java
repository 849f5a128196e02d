package dev.weir.connector.file;

import java.io.IOException;

/**
 * What a {@link RollingPolicy} knows about the part file being written: its bucket, when it was
 * created and last written (processing time, ms) and its size in bytes so far.
 *
 * @param <BucketID> the bucket id type
 */
public interface PartFileInfo<BucketID> {

    BucketID getBucketId();

    long getCreationTime();

    long getSize() throws IOException;

    long getLastUpdateTime();
}
