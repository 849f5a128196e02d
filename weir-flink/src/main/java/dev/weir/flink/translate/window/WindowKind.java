package dev.weir.flink.translate.window;

import dev.weir.api.dag.Transformation;
import dev.weir.api.windowing.assigners.WindowAssigner;
import dev.weir.flink.translate.TranslationException;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The kinds of windows the Flink runner knows: Weir's {@code TimeWindow} and {@code GlobalWindow}, each the twin
 * of Flink's class of that name. A window passes between the two engines by value (start and end of a time
 * window), so user functions see Weir's windows while Flink's operator keeps its own.
 */
public enum WindowKind {
    /** {@code [start, end)} time windows. */
    TIME {
        @Override
        public dev.weir.api.windowing.windows.Window toWeir(org.apache.flink.streaming.api.windowing.windows.Window w) {
            org.apache.flink.streaming.api.windowing.windows.TimeWindow time =
                    (org.apache.flink.streaming.api.windowing.windows.TimeWindow) w;
            return new dev.weir.api.windowing.windows.TimeWindow(time.getStart(), time.getEnd());
        }

        @Override
        public org.apache.flink.streaming.api.windowing.windows.Window toFlink(dev.weir.api.windowing.windows.Window w) {
            dev.weir.api.windowing.windows.TimeWindow time = (dev.weir.api.windowing.windows.TimeWindow) w;
            return new org.apache.flink.streaming.api.windowing.windows.TimeWindow(time.getStart(), time.getEnd());
        }

        @Override
        public TypeSerializer<? extends org.apache.flink.streaming.api.windowing.windows.Window> flinkSerializer() {
            return new org.apache.flink.streaming.api.windowing.windows.TimeWindow.Serializer();
        }
    },
    /** The one window of all records of a key. */
    GLOBAL {
        @Override
        public dev.weir.api.windowing.windows.Window toWeir(org.apache.flink.streaming.api.windowing.windows.Window w) {
            return dev.weir.api.windowing.windows.GlobalWindow.get();
        }

        @Override
        public org.apache.flink.streaming.api.windowing.windows.Window toFlink(dev.weir.api.windowing.windows.Window w) {
            return org.apache.flink.streaming.api.windowing.windows.GlobalWindow.get();
        }

        @Override
        public TypeSerializer<? extends org.apache.flink.streaming.api.windowing.windows.Window> flinkSerializer() {
            return new org.apache.flink.streaming.api.windowing.windows.GlobalWindow.Serializer();
        }
    };

    /** The Weir twin of a Flink window of this kind. */
    public abstract dev.weir.api.windowing.windows.Window toWeir(org.apache.flink.streaming.api.windowing.windows.Window w);

    /** The Flink twin of a Weir window of this kind. */
    public abstract org.apache.flink.streaming.api.windowing.windows.Window toFlink(dev.weir.api.windowing.windows.Window w);

    /** Flink's serializer of the Flink windows of this kind. */
    public abstract TypeSerializer<? extends org.apache.flink.streaming.api.windowing.windows.Window> flinkSerializer();

    /**
     * The kind of the windows {@code assigner} makes, known by its window serializer (Weir's built-in window
     * classes have one serializer instance each).
     *
     * @throws TranslationException for windows of a class of the user's own
     */
    public static WindowKind of(WindowAssigner<?, ?> assigner, Transformation node) {
        Object serializer = assigner.getWindowSerializer();
        if (serializer == dev.weir.api.windowing.windows.TimeWindow.Serializer.INSTANCE) {
            return TIME;
        }
        if (serializer == dev.weir.api.windowing.windows.GlobalWindow.Serializer.INSTANCE) {
            return GLOBAL;
        }
        throw new TranslationException(node, "its window assigner " + assigner.getClass().getName() + " makes windows "
                + "of its own class (window serializer " + serializer.getClass().getName() + "); the Flink runner "
                + "translates TimeWindow and GlobalWindow only: use one of them, or run the job on Weir's runtime");
    }
}
