package dev.weir.api.eventtime;

/**
 * Makes watermarks from the records of one input (one source split, or the stream of a timestamp
 * assigner's subtask). Each split of a source gets its own generator; the subtask emits the minimum.
 *
 * <p>Call order, all on the task thread: {@link #onEvent} for every record, with the timestamp the
 * {@link TimestampAssigner} gave it, and {@link #onPeriodicEmit} every auto-watermark interval
 * ({@code env.getConfig().setAutoWatermarkInterval}, 200 ms by default). A generator may emit in
 * either. Generators are not checkpointed: after a restore they start afresh.
 */
public interface WatermarkGenerator<T> {

    /** Sees a record and its event timestamp; may emit a watermark (punctuated watermarks). */
    void onEvent(T event, long eventTimestamp, WatermarkOutput output);

    /** Called periodically: emit the watermark the records seen so far allow, if any. */
    void onPeriodicEmit(WatermarkOutput output);
}
