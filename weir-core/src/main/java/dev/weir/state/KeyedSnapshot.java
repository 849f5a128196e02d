package dev.weir.state;

import java.io.IOException;

/** A consistent image of a subtask's keyed state, written off the task thread. */
public interface KeyedSnapshot {

    KeyGroupRange keyGroupRange();

    /** Nothing to write: no key has state and there are no timers. */
    boolean isEmpty();

    /** Writes the image (the asynchronous part) and says what was written. */
    KeyedStateHandle write(SnapshotTarget target) throws IOException;
}
