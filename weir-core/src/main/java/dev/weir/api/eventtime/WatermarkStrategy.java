package dev.weir.api.eventtime;

/**
 * How a source's records get event timestamps and how watermarks are generated from them, given to
 * {@code StreamExecutionEnvironment.fromSource(source, watermarkStrategy, name)} as in Flink.
 *
 * <p>Today Weir runs on processing time only: {@link #noWatermarks()} is the strategy to use, and
 * the one every other source method applies. The event-time strategies (bounded out-of-orderness,
 * monotonous timestamps, idleness) come with event time and keep this interface's shape.
 *
 * @param <T> the type of the records
 */
public interface WatermarkStrategy<T> {

    /** Records carry no event timestamps and no watermarks are generated. */
    static <T> WatermarkStrategy<T> noWatermarks() {
        return NoWatermarks.instance();
    }

    /** The strategy of {@link #noWatermarks()}. */
    final class NoWatermarks<T> implements WatermarkStrategy<T> {
        private static final NoWatermarks<?> INSTANCE = new NoWatermarks<>();

        private NoWatermarks() {
        }

        @SuppressWarnings("unchecked")
        static <T> NoWatermarks<T> instance() {
            return (NoWatermarks<T>) INSTANCE;
        }

        @Override
        public String toString() {
            return "noWatermarks";
        }
    }
}
