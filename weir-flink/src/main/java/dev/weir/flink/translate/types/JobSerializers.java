package dev.weir.flink.translate.types;

import dev.weir.api.spi.JobSpec;
import dev.weir.flink.translate.PlanRef;
import dev.weir.flink.translate.Plans;
import dev.weir.graph.SerializerCheck;
import dev.weir.state.serialization.Serializers;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Weir's serializers of one translated job in this JVM: the job's registered serializers, with the stream and key
 * types of its plan declared (as Weir's local runtime does), built once per rebuilt plan. Thread-safe.
 */
public final class JobSerializers {

    private static final Serializers BUILT_IN = Serializers.builtInOnly();
    private static final Map<JobSpec, Serializers> BY_PLAN = new WeakHashMap<>();

    private JobSerializers() {
    }

    /** The serializers of the job {@code ref} names (rebuilding its plan here if needed); built-in ones for null. */
    public static Serializers of(PlanRef ref) {
        return ref == null ? BUILT_IN : of(Plans.plan(ref));
    }

    /** The serializers of {@code spec}. */
    public static Serializers of(JobSpec spec) {
        synchronized (BY_PLAN) {
            Serializers serializers = BY_PLAN.get(spec);
            if (serializers == null) {
                serializers = new Serializers(spec.serializers());
                SerializerCheck.check(spec.plan(), serializers);
                BY_PLAN.put(spec, serializers);
            }
            return serializers;
        }
    }
}
