package dev.weir.flink.translate;

import dev.weir.api.dag.Transformation;
import dev.weir.flink.translate.twoinput.TwoInputOperators;

/** Two-input operators (connected, keyed co-process, broadcast, interval join): see {@link TwoInputOperators}. */
final class TwoInputTranslation {

    private TwoInputTranslation() {
    }

    static void translate(TranslationContext context, Transformation node) {
        TwoInputOperators.translate(context, node);
    }
}
