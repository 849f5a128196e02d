package dev.weir.runtime.operators;

import dev.weir.api.functions.Function;
import dev.weir.api.functions.KeySelector;
import dev.weir.state.KeyedStateBackend;

/**
 * Shared part of the operators that run a two-input user function: the function's lifecycle and
 * state (from {@link FunctionOperator}) and, on keyed connected streams, the key of each record of
 * either input set as the current key of the one keyed state backend both inputs share.
 */
abstract class CoFunctionOperator<IN1, IN2, OUT, F extends Function> extends FunctionOperator<IN1, OUT, F>
        implements TwoInputStreamOperator<IN1, IN2>, KeyedOperator {
    private final KeySelector<IN1, ?> keySelector1;
    private final KeySelector<IN2, ?> keySelector2;

    /** Key selectors both null for non-keyed connected streams, both set for keyed ones. */
    CoFunctionOperator(F function, KeySelector<IN1, ?> keySelector1, KeySelector<IN2, ?> keySelector2) {
        super(function);
        if ((keySelector1 == null) != (keySelector2 == null)) {
            throw new IllegalArgumentException("a two-input operator is keyed on both inputs or on neither");
        }
        this.keySelector1 = keySelector1;
        this.keySelector2 = keySelector2;
    }

    @Override
    void beforeFunctionOpen(OperatorContext context) {
        if (keySelector1 != null && keyedState == null) {
            throw new IllegalStateException(info.describe() + " is keyed but got no key group range");
        }
    }

    /** Sets the key of a first-input record as current key (keyed connected streams only). */
    final void setKeyOfFirst(IN1 record) throws Exception {
        if (keySelector1 != null) {
            setCurrentKeyOf(keySelector1, record, "the key selector of input 1");
        }
    }

    /** Sets the key of a second-input record as current key (keyed connected streams only). */
    final void setKeyOfSecond(IN2 record) throws Exception {
        if (keySelector2 != null) {
            setCurrentKeyOf(keySelector2, record, "the key selector of input 2");
        }
    }

    @Override
    public void processElement1(IN1 record, Object key, int keyGroup) throws Exception {
        carryKey(key, keyGroup); // the partitioner ran keySelector1 already
        try {
            processElement1(record);
        } finally {
            dropCarriedKey();
        }
    }

    @Override
    public void processElement(IN1 record, Object key, int keyGroup) throws Exception {
        processElement1(record, key, keyGroup);
    }

    @Override
    public void processElement2(IN2 record, Object key, int keyGroup) throws Exception {
        carryKey(key, keyGroup); // the partitioner ran keySelector2 already
        try {
            processElement2(record);
        } finally {
            dropCarriedKey();
        }
    }

    @Override
    public KeySelector<?, ?> keySelectorOf(int input) {
        return input == 0 ? keySelector1 : keySelector2;
    }

    @Override
    public boolean isKeyed() {
        return keySelector1 != null;
    }

    /** The keyed state shared by both inputs (null on non-keyed connected streams). */
    @Override
    public KeyedStateBackend keyedStateBackend() {
        return keyedState;
    }
}
