package dev.weir.flink.translate;

import dev.weir.api.dag.Transformation;
import dev.weir.flink.translate.window.WindowOperators;

/** Window operators (keyed windows and {@code windowAll}): see {@link WindowOperators}. */
final class WindowTranslation {

    private WindowTranslation() {
    }

    static void translate(TranslationContext context, Transformation node) {
        WindowOperators.translate(context, node);
    }
}
