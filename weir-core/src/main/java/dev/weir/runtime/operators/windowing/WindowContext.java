package dev.weir.runtime.operators.windowing;

import dev.weir.api.OutputTag;
import dev.weir.api.state.KeyedStateStore;

/** What the window operator offers a window function while a window fires or is cleared. */
public interface WindowContext<W> {
    W window();

    long currentProcessingTime();

    long currentWatermark();

    /** State of the current key and window. */
    KeyedStateStore windowState();

    /** State of the current key. */
    KeyedStateStore globalState();

    <X> void output(OutputTag<X> outputTag, X value);
}
