package dev.weir.nexmark;

import dev.weir.api.connector.RateLimiterStrategy;
import dev.weir.api.eventtime.WatermarkStrategy;
import dev.weir.api.fs.Path;
import dev.weir.api.typeinfo.TypeInformation;
import dev.weir.connector.datagen.DataGeneratorSource;
import dev.weir.connector.datagen.GeneratorFunction;
import dev.weir.connector.file.FileSource;
import dev.weir.nexmark.model.Event;
import dev.weir.nexmark.model.GeneratorConfig;
import dev.weir.nexmark.model.NexmarkGenerator;
import java.time.Duration;

/**
 * Where the Nexmark jobs get their events: the {@link NexmarkGenerator} as a parallel source, or a
 * file of JSON lines; and the event-time watermarks of Nexmark's Flink table.
 */
public final class NexmarkSources {
    /**
     * The disorder Nexmark's Flink table allows ({@code WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND}).
     */
    public static final Duration DEFAULT_OUT_OF_ORDERNESS = Duration.ofSeconds(4);

    private NexmarkSources() {
    }

    /**
     * The first {@code events} events of the generator, read by {@code splits} parallel subtasks
     * (the source's parallelism must be {@code splits}): subtask {@code i} emits split {@code i} of
     * {@code splits} ({@link NexmarkGenerator#split}), so the subtasks move through event time side by
     * side. At most {@code rate} events per second in all (0: as fast as it can).
     *
     * <p>The subtask's position is checkpointed; restore with the same parallelism (another one
     * would re-cut the remaining events and make other events than the first run's).
     */
    public static DataGeneratorSource<Event> generated(GeneratorConfig config, long events, int splits, long rate) {
        if (events < 0 || splits < 1 || rate < 0) {
            throw new IllegalArgumentException("events (" + events + ") and rate (" + rate
                    + ") must be >= 0, splits (" + splits + ") >= 1");
        }
        RateLimiterStrategy limit = rate > 0 ? RateLimiterStrategy.perSecond(rate) : RateLimiterStrategy.noOp();
        return new DataGeneratorSource<>(new SplitEvents(config, events, splits), events, limit,
                TypeInformation.of(Event.class));
    }

    /** The events of JSON-lines files ({@link EventLineFormat}); a directory means the files in it. */
    public static FileSource<Event> file(java.nio.file.Path file) {
        return FileSource.forRecordStreamFormat(new EventLineFormat(), new Path(file.toUri())).build();
    }

    /** Event time is the event's {@code dateTime}; watermarks trail the largest seen by {@code outOfOrderness}, per split. */
    public static WatermarkStrategy<Event> watermarks(Duration outOfOrderness) {
        return WatermarkStrategy.<Event>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((event, previous) -> event.dateTime());
    }

    /** Generator index {@code i} of a {@link DataGeneratorSource} as {@link NexmarkGenerator#placeOfRangeIndex}. */
    private static final class SplitEvents implements GeneratorFunction<Long, Event> {
        private final GeneratorConfig config;
        private final long events;
        private final int splits;
        /** A generator reuses its random state: one per subtask thread (the function may be shared by subtasks). */
        private final ThreadLocal<NexmarkGenerator> generator;

        SplitEvents(GeneratorConfig config, long events, int splits) {
            this.config = config;
            this.events = events;
            this.splits = splits;
            this.generator = ThreadLocal.withInitial(() -> new NexmarkGenerator(config));
        }

        @Override
        public Event map(Long index) {
            return generator.get().event(NexmarkGenerator.placeOfRangeIndex(index, events, splits));
        }
    }
}
