package dev.weir.flink.translate.functions;

import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.types.FlinkTypes;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.util.OutputTag;

/**
 * The Flink side output tags of the Weir tags a subtask's function emits to, made once per tag (Flink matches a
 * tag by its id, so the tag made here routes to the side output the translation created). One per subtask, on its
 * thread.
 */
public final class SideOutputTags {

    private final PlanRef ref;
    private final Map<dev.weir.api.OutputTag<?>, OutputTag<?>> tags = new HashMap<>();

    public SideOutputTags(PlanRef ref) {
        this.ref = ref;
    }

    /** The Flink twin of {@code tag}. */
    @SuppressWarnings("unchecked")
    public <X> OutputTag<X> of(dev.weir.api.OutputTag<X> tag) {
        OutputTag<?> flink = tags.get(tag);
        if (flink == null) {
            flink = FlinkTypes.outputTag(ref, tag);
            tags.put(tag, flink);
        }
        return (OutputTag<X>) flink;
    }
}
