package dev.weir.flink.translate.io;

import dev.weir.state.OperatorStateBackend;
import java.util.Map;

/**
 * The Flink writer state of one Weir sink subtask: the subtask's Weir operator state (the image of its
 * {@link OperatorStateBackend}: named lists of serialized elements, a two-phase-commit sink's pending transactions
 * among them), with the subtask and parallelism that wrote it.
 */
record SinkWriterState(int subtask, int parallelism, Map<String, OperatorStateBackend.RawList> image) {
}
