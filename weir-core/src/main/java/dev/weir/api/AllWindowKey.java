package dev.weir.api;

import dev.weir.api.functions.KeySelector;

/** The key of every record of a {@code windowAll}: one constant, so one subtask holds all windows. */
final class AllWindowKey {
    private static final KeySelector<Object, Byte> SELECTOR = new Constant();

    private AllWindowKey() {
    }

    @SuppressWarnings("unchecked")
    static <T> KeySelector<T, Byte> selector() {
        return (KeySelector<T, Byte>) (KeySelector<?, Byte>) SELECTOR;
    }

    private static final class Constant implements KeySelector<Object, Byte> {
        private static final Byte KEY = 0;

        @Override
        public Byte getKey(Object value) {
            return KEY;
        }
    }
}
