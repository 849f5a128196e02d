package dev.weir.flink.translate.bridge;

import dev.weir.api.OutputTag;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.types.FlinkTypes;
import java.util.HashMap;
import java.util.Map;

/**
 * The Flink side output tags of the Weir tags one operator emits to, made once per tag
 * ({@link FlinkTypes#outputTag}, the same as the translation reads the side output with). One per Flink function
 * instance; task thread only.
 */
public final class SideOutputTags {

    private final PlanRef ref;
    private final Map<OutputTag<?>, org.apache.flink.util.OutputTag<?>> tags = new HashMap<>();

    public SideOutputTags(PlanRef ref) {
        this.ref = ref;
    }

    @SuppressWarnings("unchecked")
    public <X> org.apache.flink.util.OutputTag<X> of(OutputTag<X> tag) {
        org.apache.flink.util.OutputTag<?> flink = tags.get(tag);
        if (flink == null) {
            flink = FlinkTypes.outputTag(ref, tag);
            tags.put(tag, flink);
        }
        return (org.apache.flink.util.OutputTag<X>) flink;
    }
}
