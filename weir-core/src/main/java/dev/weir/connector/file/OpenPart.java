package dev.weir.connector.file;

import dev.weir.api.testing.SimulatedFullDisk;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A part file a {@link FileSink} subtask is writing: its buffered stream, which counts the bytes
 * encoded into it, and what a {@link RollingPolicy} asks about it. Used on the subtask's thread only.
 */
final class OpenPart implements PartFileInfo<String> {
    final String bucketId;
    final Path file;
    final OutputStream stream;
    long bytes;
    final long creationTime;
    long lastUpdateTime;

    OpenPart(String bucketId, Path file, FileChannel channel, long now) {
        this.bucketId = bucketId;
        this.file = file;
        this.creationTime = now;
        this.lastUpdateTime = now;
        OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16) {
            @Override
            public synchronized void flush() throws IOException {
                SimulatedFullDisk.check(file); // a test hook: no-op unless a test simulates a full disk
                super.flush();
            }
        };
        // Counts above the buffer: the size a rolling policy sees is what was encoded, not only what the buffer passed on.
        this.stream = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                buffered.write(b);
                bytes++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                buffered.write(b, off, len);
                bytes += len;
            }

            @Override
            public void flush() throws IOException {
                buffered.flush();
            }
        };
    }

    @Override
    public String getBucketId() {
        return bucketId;
    }

    @Override
    public long getCreationTime() {
        return creationTime;
    }

    @Override
    public long getSize() {
        return bytes;
    }

    @Override
    public long getLastUpdateTime() {
        return lastUpdateTime;
    }

    /** A bucket assigner's view from a sink: processing time only, a sink sees no watermarks or timestamps. */
    static final class ProcessingTimeContext implements BucketAssigner.Context {
        @Override
        public long currentProcessingTime() {
            return System.currentTimeMillis();
        }

        @Override
        public long currentWatermark() {
            return Long.MIN_VALUE;
        }

        @Override
        public Long timestamp() {
            return null;
        }
    }
}
