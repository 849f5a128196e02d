package dev.weir.graph;

import dev.weir.api.dag.Transformation;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;

/**
 * The uid each operator's state is stored under: the user's {@code uid(..)}, or one generated from
 * the operator's place in the job.
 *
 * <p>A generated uid is {@code auto-<label>-<hash>}, the hash taken over the operator's kind and
 * label (the operator type such as "Map", or a source's class; never a file path or a name the
 * user gave), the uids of its inputs with their partitioning, and its rank among operators that
 * share all of these. So adding, removing or renaming an unrelated operator, or changing a source's
 * path, leaves it unchanged; changing the operator's inputs changes it. Set explicit uids on
 * stateful operators of a job that will evolve.
 */
public final class OperatorUids {

    private OperatorUids() {
    }

    /** Uids of all transformations, in definition order (inputs are always defined before their consumers). */
    public static Map<Transformation, String> assign(List<Transformation> transformations) {
        Map<Transformation, String> uids = new IdentityHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Transformation t : transformations) {
            if (t.uid() != null) {
                uids.put(t, t.uid());
                continue;
            }
            String shape = t.kind() + "|" + t.label() + "|" + t.inputs().stream()
                    .map(in -> uids.get(in.from()) + ">" + in.partitioning().getClass().getSimpleName()
                            + (in.inputIndex() == 0 ? "" : "@" + (in.inputIndex() + 1)))
                    .collect(Collectors.joining(","));
            int rank = seen.merge(shape, 1, Integer::sum) - 1;
            CRC32C crc = new CRC32C();
            crc.update((shape + "#" + rank).getBytes(StandardCharsets.UTF_8));
            String label = t.label().toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
            uids.put(t, "auto-" + (label.isEmpty() ? "op" : label) + "-" + String.format("%08x", crc.getValue()));
        }
        return uids;
    }
}
