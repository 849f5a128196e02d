package dev.weir.api.eventtime;

import java.time.Duration;
import java.util.Objects;

/**
 * How records get their event timestamps and how watermarks are made from them: a
 * {@link TimestampAssigner} and a {@link WatermarkGenerator}, created per subtask (per split, for a
 * source). Given to {@code env.fromSource(source, strategy, name)}, where each split of the source
 * (each Kafka partition, each file, each generator split) gets its own generator and the subtask emits
 * the minimum over its active splits, or to {@code stream.assignTimestampsAndWatermarks(strategy)}.
 *
 * <pre>{@code
 * WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofSeconds(5))
 *         .withTimestampAssigner((event, previous) -> event.time())
 *         .withIdleness(Duration.ofMinutes(1));
 * }</pre>
 *
 * <p>Without {@link #withTimestampAssigner}, a record keeps the timestamp it has (a Kafka record's
 * timestamp; none for most other sources). Periodic watermarks are asked for every
 * {@code env.getConfig().getAutoWatermarkInterval()} ms (200 by default), on the task thread. A bounded
 * source ends with watermark {@code Long.MAX_VALUE} whatever the strategy.
 *
 * @param <T> the type of the records
 */
public interface WatermarkStrategy<T> extends TimestampAssignerSupplier<T>, WatermarkGeneratorSupplier<T> {

    @Override
    WatermarkGenerator<T> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context);

    /** The assigner; by default the record's existing timestamp is kept. */
    @Override
    default TimestampAssigner<T> createTimestampAssigner(TimestampAssignerSupplier.Context context) {
        return new RecordTimestampAssigner<>();
    }

    /** This strategy's watermarks, with timestamps from {@code timestampAssigner}. */
    default WatermarkStrategy<T> withTimestampAssigner(TimestampAssignerSupplier<T> timestampAssigner) {
        Objects.requireNonNull(timestampAssigner, "timestampAssigner");
        WatermarkStrategy<T> base = this;
        return new WatermarkStrategy<>() {
            @Override
            public WatermarkGenerator<T> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
                return base.createWatermarkGenerator(context);
            }

            @Override
            public TimestampAssigner<T> createTimestampAssigner(TimestampAssignerSupplier.Context context) {
                return timestampAssigner.createTimestampAssigner(context);
            }
        };
    }

    /** This strategy's watermarks, with timestamps from {@code timestampAssigner} (typically a lambda). */
    default WatermarkStrategy<T> withTimestampAssigner(SerializableTimestampAssigner<T> timestampAssigner) {
        Objects.requireNonNull(timestampAssigner, "timestampAssigner");
        return withTimestampAssigner(TimestampAssignerSupplier.of(timestampAssigner));
    }

    /**
     * Marks an input (a split, or an assigner's subtask) idle when it had no record for
     * {@code idleTimeout}: downstream leaves it out of the minimum watermark until it has records
     * again. Idleness is checked at each periodic emit.
     */
    default WatermarkStrategy<T> withIdleness(Duration idleTimeout) {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("withIdleness needs a positive timeout, got " + idleTimeout);
        }
        WatermarkStrategy<T> base = this;
        return new WatermarkStrategy<>() {
            @Override
            public WatermarkGenerator<T> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
                return new WatermarksWithIdleness<>(base.createWatermarkGenerator(context), idleTimeout,
                        context.getInputActivityClock());
            }

            @Override
            public TimestampAssigner<T> createTimestampAssigner(TimestampAssignerSupplier.Context context) {
                return base.createTimestampAssigner(context);
            }
        };
    }

    /** For timestamps that never decrease: the watermark trails the highest timestamp by 1 ms. */
    static <T> WatermarkStrategy<T> forMonotonousTimestamps() {
        return context -> new AscendingTimestampsWatermarks<>();
    }

    /**
     * For records at most {@code maxOutOfOrderness} out of order: the watermark is the highest
     * timestamp seen minus the bound minus 1 ms.
     */
    static <T> WatermarkStrategy<T> forBoundedOutOfOrderness(Duration maxOutOfOrderness) {
        new BoundedOutOfOrdernessWatermarks<T>(maxOutOfOrderness); // checks the bound now, not in the job
        return context -> new BoundedOutOfOrdernessWatermarks<>(maxOutOfOrderness);
    }

    /** Watermarks from generators {@code generatorSupplier} creates. */
    static <T> WatermarkStrategy<T> forGenerator(WatermarkGeneratorSupplier<T> generatorSupplier) {
        Objects.requireNonNull(generatorSupplier, "generatorSupplier");
        return generatorSupplier::createWatermarkGenerator;
    }

    /**
     * No watermarks from records (a bounded source still ends with watermark {@code Long.MAX_VALUE}).
     * Records keep the timestamps they have.
     */
    static <T> WatermarkStrategy<T> noWatermarks() {
        return context -> new NoWatermarksGenerator<>();
    }
}
