package dev.weir.runtime;

import dev.weir.runtime.operators.Output;
import java.util.function.BooleanSupplier;

/**
 * The producing end of one job edge in one subtask: partitions records into per-channel batches
 * and hands a batch over when it is full, when the task goes idle ({@link #flush}), when the task's
 * buffer timeout has passed ({@link OutputFlusher}, checked after every record), or before a
 * control event, which is sent on every channel in order with the records. Each record goes with the
 * chain's current {@link RecordTimestamp}. Watermarks and watermark statuses are control events sent
 * on every channel. Task thread only.
 *
 * <p>On a hash-partitioned edge the key and key group the selector computed go along with each record
 * ({@link RecordBatch}). Full batches come back from the consumer through the channel and are filled
 * again. The writer counts the records it is given: they are the records its producing operator
 * emitted on this edge.
 */
public final class RecordWriter implements Output<Object> {
    private static final java.lang.invoke.VarHandle RECORDS;
    private static final java.lang.invoke.VarHandle WATERMARK;

    static {
        try {
            RECORDS = java.lang.invoke.MethodHandles.lookup().findVarHandle(RecordWriter.class, "records", long.class);
            WATERMARK = java.lang.invoke.MethodHandles.lookup().findVarHandle(RecordWriter.class, "watermark", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Channel[] channels;
    private final RecordBatch[] batches;
    private final int batchSize;
    private final ChannelSelector selector;
    private final ChannelSelector.ByKeyGroup keyed; // the selector, when records carry their keys
    private final dev.weir.api.functions.KeySelector<?, ?> keyedBy;
    private long records; // written with opaque access (see OperatorMetrics)
    private long watermark = Long.MIN_VALUE; // the last sent; written with opaque access
    private final TaskWakeup producer;
    private final BooleanSupplier cancelled;
    private final OutputFlusher flusher;
    private boolean ended;
    private RecordTimestamp timestamp = new RecordTimestamp(); // the producing chain's, once bound

    /**
     * @param batchSize records per batch; 1 sends every record at once (buffer timeout 0)
     * @param flusher   the buffer timeout of the producing task, checked after every record
     */
    RecordWriter(Channel[] channels, ChannelSelector selector, int batchSize, TaskWakeup producer,
                 BooleanSupplier cancelled, OutputFlusher flusher) {
        this.channels = channels;
        this.flusher = flusher;
        this.selector = selector;
        this.batchSize = batchSize;
        this.producer = producer;
        this.cancelled = cancelled;
        this.keyed = selector instanceof ChannelSelector.ByKeyGroup byKey ? byKey : null;
        this.keyedBy = keyed == null ? null : keyed.keySelector();
        this.batches = new RecordBatch[channels.length];
        for (int i = 0; i < channels.length; i++) {
            batches[i] = new RecordBatch(batchSize, keyedBy);
        }
    }

    @Override
    public void collect(Object record) {
        if (ended) {
            throw new IllegalStateException("record emitted after end of input (e.g. from close()): " + record);
        }
        RECORDS.setOpaque(this, records + 1);
        if (keyed != null) {
            int channel = keyed.select(record);
            if (batches[channel].add(record, timestamp.get(), keyed.lastKey(), keyed.lastKeyGroup())) {
                send(channel);
            }
            flusher.flushIfDue();
            return;
        }
        int channel = selector.select(record);
        if (channel == ChannelSelector.ALL) {
            for (int i = 0; i < channels.length; i++) {
                add(i, record);
            }
        } else {
            add(channel, record);
        }
        flusher.flushIfDue(); // a task emitting now and then inside a long slow record still hands over
    }

    /** Records written so far (each once, whatever the channels); any thread, recent when the task runs. */
    long recordsWritten() {
        return (long) RECORDS.getOpaque(this);
    }

    /** Called once by the producing chain: records are sent with its current timestamp. */
    void bindTimestamp(RecordTimestamp chainTimestamp) {
        this.timestamp = chainTimestamp;
    }

    @Override
    public void emitWatermark(long watermark) {
        broadcastEvent(new ControlEvent.Watermark(watermark));
        WATERMARK.setOpaque(this, watermark);
    }

    /** The last watermark sent ({@code Long.MIN_VALUE}: none yet); any thread. */
    long lastWatermark() {
        return (long) WATERMARK.getOpaque(this);
    }

    @Override
    public void emitWatermarkStatus(boolean idle) {
        broadcastEvent(idle ? ControlEvent.WatermarkStatus.IDLE : ControlEvent.WatermarkStatus.ACTIVE);
    }

    private void add(int channel, Object record) {
        if (batches[channel].add(record, timestamp.get())) {
            send(channel);
        }
    }

    private void send(int channel) {
        RecordBatch full = batches[channel];
        RecordBatch next = channels[channel].takeRecycled();
        batches[channel] = next != null ? next : new RecordBatch(batchSize, keyedBy);
        channels[channel].put(full, producer, cancelled);
    }

    /** Sends every partly filled batch now (the task is about to wait, or an event follows). */
    public void flush() {
        for (int i = 0; i < channels.length; i++) {
            if (batches[i].size > 0) {
                send(i);
            }
        }
    }

    /** Sends {@code event} on every channel after the records written before it. */
    public void broadcastEvent(ControlEvent event) {
        flush();
        for (Channel channel : channels) {
            channel.put(event, producer, cancelled);
        }
        if (event == ControlEvent.EndOfInput.INSTANCE) {
            ended = true;
        }
    }

    /** Whether every channel has room for a batch; if not, asks to be woken when one has. */
    public boolean hasSpaceOrWakeWhenFree() {
        for (Channel channel : channels) {
            if (!channel.hasSpace()) {
                channel.wakeOnSpace(producer);
                return channel.hasSpace(); // re-check after registering: no lost wake-up
            }
        }
        return true;
    }
}
