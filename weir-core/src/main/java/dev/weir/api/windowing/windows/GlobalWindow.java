package dev.weir.api.windowing.windows;

import dev.weir.api.serialization.TypeSerializer;
import java.io.DataInput;
import java.io.DataOutput;

/**
 * The one window that holds every record of a key (see {@code GlobalWindows}); it never ends, so
 * only a trigger other than the default (a count trigger, for {@code countWindow}) makes it fire.
 */
public class GlobalWindow extends Window {
    private static final GlobalWindow INSTANCE = new GlobalWindow();

    private GlobalWindow() {
    }

    /** The global window. */
    public static GlobalWindow get() {
        return INSTANCE;
    }

    /** {@link Long#MAX_VALUE}: the global window ends only with the end of the input. */
    @Override
    public long maxTimestamp() {
        return Long.MAX_VALUE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GlobalWindow;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return "GlobalWindow";
    }

    /** Writes the global window as nothing at all. */
    public static final class Serializer implements TypeSerializer<GlobalWindow> {
        /** The one instance. */
        public static final Serializer INSTANCE = new Serializer();

        private Serializer() {
        }

        @Override
        public void serialize(GlobalWindow value, DataOutput out) {
        }

        @Override
        public GlobalWindow deserialize(DataInput in) {
            return GlobalWindow.get();
        }
    }
}
