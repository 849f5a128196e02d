package dev.weir.runtime.operators;

import dev.weir.api.connector.ReaderOutput;
import dev.weir.api.connector.SourceOutput;
import dev.weir.api.eventtime.RelativeClock;
import dev.weir.api.eventtime.TimestampAssigner;
import dev.weir.api.eventtime.TimestampAssignerSupplier;
import dev.weir.api.eventtime.Watermark;
import dev.weir.api.eventtime.WatermarkGenerator;
import dev.weir.api.eventtime.WatermarkGeneratorSupplier;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.runtime.ProcessingTimeService;
import dev.weir.runtime.RecordTimestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link WatermarkStrategy} for one subtask: a timestamp assigner, and one
 * {@link WatermarkGenerator} per split (plus one for records emitted without a split), each with its
 * own watermark and idle flag. The subtask's watermark is the minimum over the splits that are not
 * idle, emitted when it advances; when every split is idle (or there are none) the subtask goes
 * idle. Generators are asked for periodic watermarks every auto-watermark interval through the
 * task's processing-time service (callbacks on the task thread).
 *
 * <p>Used by the source operator (as the {@link ReaderOutput} its reader emits into) and by the
 * timestamp assigner operator (with the main output only). Task thread only.
 */
final class SplitWatermarks<T> implements ReaderOutput<T> {
    private final WatermarkStrategy<T> strategy;
    private final TimestampAssigner<T> assigner;
    private final Output<T> output;
    private final RecordTimestamp timestamp;
    private final ProcessingTimeService clock;
    private final long interval;
    private final WatermarkGeneratorSupplier.Context generatorContext;
    private final Map<String, Split> splits = new LinkedHashMap<>();
    private Split main; // records emitted directly: created on first use
    private long emitted = Long.MIN_VALUE;
    private boolean idle;
    private boolean ended;

    SplitWatermarks(WatermarkStrategy<T> strategy, OperatorContext context) {
        this.strategy = strategy;
        // Its own copy per subtask: an assigner given as an instance is shared by every subtask's supplier call.
        this.assigner = dev.weir.runtime.FunctionCopies.perSubtaskCopy(
                strategy.createTimestampAssigner(new TimestampAssignerSupplier.Context() {
                }));
        this.output = context.typedOutput();
        this.timestamp = context.timestamp();
        this.clock = context.timeService();
        this.interval = context.autoWatermarkInterval();
        RelativeClock activityClock = clock::currentTimeMillis;
        this.generatorContext = () -> activityClock;
    }

    /** Starts the periodic emission (if the interval is positive). */
    void start() {
        if (interval > 0) {
            clock.registerTimer(clock.currentTimeMillis() + interval, this::onPeriodicEmit);
        }
    }

    /** The subtask has nothing to read (no splits): it is idle until records come. */
    void markSubtaskIdle() {
        if (!idle) {
            idle = true;
            output.emitWatermarkStatus(true);
        }
    }

    /** End of input: the final watermark; nothing is emitted after it. */
    void endInput() {
        if (emitted < Long.MAX_VALUE) {
            if (idle) {
                idle = false;
                output.emitWatermarkStatus(false);
            }
            emitted = Long.MAX_VALUE;
            output.emitWatermark(Long.MAX_VALUE);
        }
        ended = true;
    }

    private void onPeriodicEmit(long time) {
        if (ended) {
            return;
        }
        for (Split split : new ArrayList<>(splits.values())) {
            split.generator.onPeriodicEmit(split);
        }
        if (main != null) {
            main.generator.onPeriodicEmit(main);
        }
        clock.registerTimer(Math.max(time, clock.currentTimeMillis()) + interval, this::onPeriodicEmit);
    }

    private Split main() {
        if (main == null) {
            main = new Split("(main)");
        }
        return main;
    }

    // ReaderOutput: direct emission goes to the main split

    @Override
    public void collect(T record) {
        main().collect(record, timestamp.get());
    }

    @Override
    public void collect(T record, long recordTimestamp) {
        main().collect(record, recordTimestamp);
    }

    @Override
    public void emitWatermark(Watermark watermark) {
        main().emitWatermark(watermark);
    }

    @Override
    public void markIdle() {
        main().markIdle();
    }

    @Override
    public void markActive() {
        main().markActive();
    }

    @Override
    public SourceOutput<T> createOutputForSplit(String splitId) {
        return splits.computeIfAbsent(splitId, Split::new);
    }

    @Override
    public void releaseOutputForSplit(String splitId) {
        if (splits.remove(splitId) != null) {
            update();
        }
    }

    /** Recomputes the subtask's watermark and status from its splits. */
    private void update() {
        if (ended) {
            return;
        }
        long min = Long.MAX_VALUE;
        boolean anyActive = false;
        List<Split> all = new ArrayList<>(splits.values());
        if (main != null) {
            all.add(main);
        }
        for (Split split : all) {
            if (!split.idle) {
                anyActive = true;
                min = Math.min(min, split.watermark);
            }
        }
        if (!anyActive) {
            if (!all.isEmpty()) {
                markSubtaskIdle();
            }
            return;
        }
        if (idle) {
            idle = false;
            output.emitWatermarkStatus(false);
        }
        if (min > emitted && min != Long.MIN_VALUE) {
            emitted = min;
            output.emitWatermark(min);
        }
    }

    /** The watermark state of one split, and its output. */
    private final class Split implements SourceOutput<T> {
        final String id;
        final WatermarkGenerator<T> generator;
        long watermark = Long.MIN_VALUE;
        boolean idle;

        Split(String id) {
            this.id = id;
            this.generator = strategy.createWatermarkGenerator(generatorContext);
        }

        @Override
        public void collect(T record) {
            collect(record, timestamp.get());
        }

        @Override
        public void collect(T record, long recordTimestamp) {
            long assigned = assigner.extractTimestamp(record, recordTimestamp);
            long previous = timestamp.set(assigned);
            try {
                if (idle) {
                    markActive();
                }
                generator.onEvent(record, assigned, this);
                output.collect(record);
            } finally {
                timestamp.set(previous);
            }
        }

        @Override
        public void emitWatermark(Watermark watermark) {
            boolean changed = idle;
            idle = false;
            if (watermark.getTimestamp() > this.watermark) {
                this.watermark = watermark.getTimestamp();
                changed = true;
            }
            if (changed) {
                update();
            }
        }

        @Override
        public void markIdle() {
            if (!idle) {
                idle = true;
                update();
            }
        }

        @Override
        public void markActive() {
            if (idle) {
                idle = false;
                update();
            }
        }

        @Override
        public String toString() {
            return "split " + id;
        }
    }
}
