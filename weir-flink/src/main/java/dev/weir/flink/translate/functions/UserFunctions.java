package dev.weir.flink.translate.functions;

import dev.weir.api.dag.Transformation;
import dev.weir.api.functions.Function;
import dev.weir.api.state.KeyedStateStore;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * The lifecycle and state of the Weir functions win's Flink wrappers run, over core's bridges
 * ({@code dev.weir.flink.translate.bridge}): one place, so the wrappers do not each repeat it.
 */
public final class UserFunctions {

    private UserFunctions() {
    }

    /** Runs {@code function}'s opening lifecycle (runtime context, {@code open}) with Flink's runtime context. */
    public static void open(Function function, RuntimeContext flink, Transformation node) throws Exception {
        throw new UnsupportedOperationException("TODO(win): core's RichFunctions bridge");
    }

    /** Runs {@code function}'s {@code close}. */
    public static void close(Function function) throws Exception {
        throw new UnsupportedOperationException("TODO(win): core's RichFunctions bridge");
    }

    /** Weir's keyed state store over a Flink one (window or global state of a window function). */
    public static KeyedStateStore keyedStateStore(org.apache.flink.api.common.state.KeyedStateStore flink) {
        throw new UnsupportedOperationException("TODO(win): core's state bridge");
    }

    /** The Flink descriptor of a Weir state descriptor (same name and kind, Weir's serializers). */
    public static org.apache.flink.api.common.state.StateDescriptor<?, ?> flinkDescriptor(
            dev.weir.api.state.StateDescriptor weir) {
        throw new UnsupportedOperationException("TODO(win): core's state bridge");
    }

    /** A Flink state handle as the Weir state its descriptor names. */
    public static dev.weir.api.state.State weirState(org.apache.flink.api.common.state.State flink,
                                                     dev.weir.api.state.StateDescriptor weir) {
        throw new UnsupportedOperationException("TODO(win): core's state bridge");
    }
}
