package dev.weir.connector;

import dev.weir.api.connector.WriteAheadSink;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Remembers sent write-ahead batches as empty marker files {@code <directory>/sent-<subtask>-<checkpoint>},
 * created and fsynced after the batch was sent. Keep the directory next to the checkpoints of the job.
 */
public final class FileCheckpointCommitter implements WriteAheadSink.CheckpointCommitter {
    private final Path directory;

    public FileCheckpointCommitter(Path directory) {
        this.directory = directory;
    }

    private Path marker(int subtask, long checkpointId) {
        return directory.resolve("sent-" + subtask + "-" + checkpointId);
    }

    @Override
    public boolean isCommitted(int subtask, long checkpointId) {
        return Files.exists(marker(subtask, checkpointId));
    }

    @Override
    public void markCommitted(int subtask, long checkpointId) throws IOException {
        Files.createDirectories(directory);
        try (FileChannel channel = FileChannel.open(marker(subtask, checkpointId), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }
}
