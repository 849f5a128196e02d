package dev.weir.flink.translate;

import dev.weir.api.dag.Transformation;

/** A part of a Weir job the Flink runner cannot translate; the message names the operator and why. */
public final class TranslationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public TranslationException(Transformation node, String why) {
        super("the Flink runner cannot translate operator " + node + ": " + why);
    }
}
