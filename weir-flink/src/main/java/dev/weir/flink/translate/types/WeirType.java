package dev.weir.flink.translate.types;

import dev.weir.flink.translate.PlanRef;
import java.io.Serializable;

/**
 * Names a Weir type with plain values only, so that a Flink serializer holding it can go into Flink's JobGraph and
 * checkpoints: the program whose registered serializers and declared classes apply ({@code ref}, null for
 * Weir's built-in serializers only) and the type's code ({@link TypeCodes}; {@link TypeCodes#DYNAMIC} for a value
 * whose type is known only at run time).
 */
public record WeirType(PlanRef ref, String code) implements Serializable {

    private static final long serialVersionUID = 1L;

    public WeirType {
        if (code == null || code.isEmpty()) {
            throw new IllegalArgumentException("a Weir type needs its code");
        }
    }

    public boolean isDynamic() {
        return TypeCodes.DYNAMIC.equals(code);
    }
}
