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

    /**
     * The subtask's own copy of the user function of node {@code nodeId} of the plan rebuilt in this JVM, opened
     * with Flink's runtime context: what every rich Flink wrapper does in its {@code open}.
     */
    @SuppressWarnings("unchecked")
    public static <F extends Function> F openCopy(dev.weir.flink.translate.PlanRef ref, int nodeId, RuntimeContext flink)
            throws Exception {
        Transformation node = dev.weir.flink.translate.Plans.node(ref, nodeId);
        F copy = dev.weir.flink.translate.Plans.perSubtaskCopy((F) node.userFunction());
        open(copy, flink, node);
        return copy;
    }

    /** Weir's timer service over Flink's (the current key's timers of a keyed function). */
    public static dev.weir.api.TimerService timerService(org.apache.flink.streaming.api.TimerService flink) {
        throw new UnsupportedOperationException("TODO(win): core's timer bridge");
    }

    /** Weir's name of a Flink time domain. */
    public static dev.weir.api.TimeDomain timeDomain(org.apache.flink.streaming.api.TimeDomain flink) {
        return flink == org.apache.flink.streaming.api.TimeDomain.EVENT_TIME ? dev.weir.api.TimeDomain.EVENT_TIME
                : dev.weir.api.TimeDomain.PROCESSING_TIME;
    }
}
