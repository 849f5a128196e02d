package dev.weir.runtime.operators;

/**
 * An operator that reads two inputs (connected streams). The task delivers records of its first
 * input to {@link #processElement1} (which {@link #processElement} is), those of its second to
 * {@link #processElement2}, all on the task thread, in arrival order, never two calls at once.
 *
 * <p>Watermarks are not per input here: the task combines each input's channels in a watermark
 * valve, then the two inputs (the minimum, an idle input left out, never backwards) and passes the
 * result to {@link #processWatermark}, as for a one-input operator. Checkpoints are taken after the
 * barriers of all channels of both inputs have arrived, so {@code snapshotState} sees neither
 * input's records after the barrier. The operator is always the head of its chain.
 */
public interface TwoInputStreamOperator<IN1, IN2> extends StreamOperator<IN1> {

    /** A record of the first input. */
    void processElement1(IN1 record) throws Exception;

    /** A record of the second input. */
    void processElement2(IN2 record) throws Exception;

    /** A record of the first input with its key and key group, as {@link #processElement(Object, Object, int)}. */
    default void processElement1(IN1 record, Object key, int keyGroup) throws Exception {
        processElement1(record);
    }

    /** A record of the second input with its key and key group, as {@link #processElement(Object, Object, int)}. */
    default void processElement2(IN2 record, Object key, int keyGroup) throws Exception {
        processElement2(record);
    }

    /** A record of the first input: the chain delivers the first input as any operator's input. */
    @Override
    default void processElement(IN1 record) throws Exception {
        processElement1(record);
    }

    /** A record of the first input with its key: the chain delivers the first input as any operator's input. */
    @Override
    default void processElement(IN1 record, Object key, int keyGroup) throws Exception {
        processElement1(record, key, keyGroup);
    }
}
