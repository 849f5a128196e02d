package dev.weir.flink.translate.bridge;

import dev.weir.api.dag.Operation;
import dev.weir.api.dag.Partitioning;
import dev.weir.api.dag.Transformation;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.Plans;
import dev.weir.flink.translate.types.FlinkTypes;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;

/**
 * Flink's key selector of one input of a keyed Weir node: runs the Weir key selector of that input's hash edge
 * (or of the node's operation), found in the plan rebuilt in this JVM. Holds only the plan ref, node id and input
 * index. Weir's key selectors are stateless, so the plan's instance is shared. Its key type is the node's (the one
 * {@code TranslationContext.keyType} gives), for Flink APIs that key a stream again themselves (the interval join).
 */
public final class FlinkKeySelector<T, K> implements KeySelector<T, K>, ResultTypeQueryable<K> {

    private static final long serialVersionUID = 1L;

    private final PlanRef ref;
    private final int nodeId;
    private final int inputIndex;
    private transient dev.weir.api.functions.KeySelector<T, K> weir;

    public FlinkKeySelector(PlanRef ref, int nodeId, int inputIndex) {
        this.ref = ref;
        this.nodeId = nodeId;
        this.inputIndex = inputIndex;
    }

    @Override
    public K getKey(T value) throws Exception {
        dev.weir.api.functions.KeySelector<T, K> selector = weir;
        if (selector == null) {
            selector = of(Plans.node(ref, nodeId), inputIndex);
            weir = selector;
        }
        return selector.getKey(value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeInformation<K> getProducedType() {
        return FlinkTypes.of(ref, (dev.weir.api.typeinfo.TypeInformation<K>) Plans.node(ref, nodeId).keyType());
    }

    /** The Weir key selector of input {@code inputIndex} of {@code node}, or null if it is not keyed. */
    @SuppressWarnings("unchecked")
    public static <T, K> dev.weir.api.functions.KeySelector<T, K> of(Transformation node, int inputIndex) {
        for (Transformation.Input input : node.inputs()) {
            if (input.inputIndex() == inputIndex && input.partitioning() instanceof Partitioning.Hash hash) {
                return (dev.weir.api.functions.KeySelector<T, K>) hash.keySelector();
            }
        }
        Operation op = node.operation();
        Object selector = null;
        if (op instanceof Operation.KeyedProcess p) {
            selector = p.keySelector();
        } else if (op instanceof Operation.OnKeyedStream p) {
            selector = p.keySelector();
        } else if (op instanceof Operation.RollingReduce p) {
            selector = p.keySelector();
        } else if (op instanceof Operation.RollingSum p) {
            selector = p.keySelector();
        } else if (op instanceof Operation.Windowed p) {
            selector = p.keySelector();
        } else if (op instanceof Operation.CoOperation p) {
            selector = inputIndex == 0 ? p.keySelector1() : p.keySelector2();
        } else if (op instanceof Operation.KeyedCoProcess p) {
            selector = inputIndex == 0 ? p.keySelector1() : p.keySelector2();
        } else if (op instanceof Operation.IntervalJoin p) {
            selector = inputIndex == 0 ? p.keySelector1() : p.keySelector2();
        } else if (op instanceof Operation.BroadcastProcess p && inputIndex == 0) {
            selector = p.keySelector();
        }
        return (dev.weir.api.functions.KeySelector<T, K>) selector;
    }
}
