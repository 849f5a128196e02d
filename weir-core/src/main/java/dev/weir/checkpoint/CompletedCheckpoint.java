package dev.weir.checkpoint;

import java.nio.file.Path;

/** A checkpoint whose metadata is durable, with the directories its relative paths resolve against. */
public record CompletedCheckpoint(CheckpointMetadata metadata, Path jobDirectory, Path checkpointDirectory) {

    public long checkpointId() {
        return metadata.checkpointId();
    }

    public Path resolve(String relativePath) {
        return jobDirectory.resolve(relativePath);
    }
}
