package dev.weir.state;

import java.io.IOException;

/** A consistent image of a subtask's keyed state, written off the task thread. */
public interface KeyedSnapshot {

    KeyGroupRange keyGroupRange();

    /** Nothing to write: no key has state and there are no timers. */
    boolean isEmpty();

    /** Names of the keyed states in this image (recorded in the checkpoint's metadata). */
    java.util.List<String> stateNames();

    /** Writes the image (the asynchronous part) and says what was written. */
    KeyedStateHandle write(SnapshotTarget target) throws IOException;
}
