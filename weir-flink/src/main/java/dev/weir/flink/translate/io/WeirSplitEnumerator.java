package dev.weir.flink.translate.io;

import dev.weir.api.connector.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;

/**
 * Hands each reader of a Weir source the splits Weir's runtime would give that subtask: on a fresh start the
 * source's {@link Source#initialSplits} for the subtask, computed once when the enumerator starts; after that
 * nothing new (a Weir source has a fixed set of splits per subtask), only the splits a failed reader gave back.
 * Every reader is told there are no more splits as soon as it registers, so its Weir reader can start.
 *
 * <p>Runs on Flink's coordinator thread.
 */
final class WeirSplitEnumerator<S> implements SplitEnumerator<WeirSplit<S>, UnassignedSplits<S>> {

    private final SplitEnumeratorContext<WeirSplit<S>> context;
    private final SourceRef ref;
    private final Map<Integer, List<WeirSplit<S>>> unassigned;
    private final boolean fresh;

    WeirSplitEnumerator(SplitEnumeratorContext<WeirSplit<S>> context, SourceRef ref, UnassignedSplits<S> restored) {
        this.context = context;
        this.ref = ref;
        this.fresh = restored == null;
        this.unassigned = new TreeMap<>(restored == null ? Map.of()
                : restored.rescaled(context.currentParallelism()).bySubtask());
    }

    @Override
    public void start() {
        if (!fresh) {
            return;
        }
        Source<?, S> source = ref.source();
        int parallelism = context.currentParallelism();
        for (int subtask = 0; subtask < parallelism; subtask++) {
            List<S> initial;
            try {
                initial = source.initialSplits(subtask, parallelism);
            } catch (Exception e) {
                throw new IllegalStateException("source " + ref.node() + " could not compute the splits of subtask "
                        + subtask + " of " + parallelism + ": " + e.getMessage(), e);
            }
            List<WeirSplit<S>> splits = new ArrayList<>(initial.size());
            for (int k = 0; k < initial.size(); k++) {
                splits.add(new WeirSplit<>("initial-" + subtask + "-" + k, initial.get(k)));
            }
            unassigned.put(subtask, splits);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        List<WeirSplit<S>> splits = unassigned.remove(subtaskId);
        if (splits != null && !splits.isEmpty()) {
            context.assignSplits(new SplitsAssignment<>(Map.of(subtaskId, splits)));
        }
        context.signalNoMoreSplits(subtaskId);
    }

    @Override
    public void addSplitsBack(List<WeirSplit<S>> splits, int subtaskId) {
        unassigned.computeIfAbsent(subtaskId, s -> new ArrayList<>()).addAll(splits);
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Readers never ask: they get all their splits when they register.
    }

    @Override
    public UnassignedSplits<S> snapshotState(long checkpointId) {
        return new UnassignedSplits<>(unassigned);
    }

    @Override
    public void close() {
    }
}
