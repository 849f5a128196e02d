package dev.weir.connector.file;

/**
 * Puts every record in one bucket: the sink's base path itself, without sub-directories.
 *
 * @param <T> the record type
 */
public class BasePathBucketAssigner<T> implements BucketAssigner<T, String> {

    @Override
    public String getBucketId(T element, Context context) {
        return "";
    }

    @Override
    public String toString() {
        return "BasePathBucketAssigner";
    }
}
