package dev.weir.state;

/**
 * A contiguous, inclusive range of key groups owned by one subtask of a keyed operator.
 * Subtask {@code i} of {@code p} owns {@code [ceil(i*max/p), ceil((i+1)*max/p) - 1]}, so that
 * {@link KeyGroups#subtaskForKeyGroup} and this range always agree.
 */
public record KeyGroupRange(int first, int last) {

    public KeyGroupRange {
        if (first < 0 || last < first - 1) {
            throw new IllegalArgumentException("invalid key group range [" + first + ", " + last + "]");
        }
    }

    public static KeyGroupRange forSubtask(int maxParallelism, int parallelism, int subtaskIndex) {
        KeyGroups.checkParallelism(maxParallelism, parallelism);
        int first = (int) (((long) subtaskIndex * maxParallelism + parallelism - 1) / parallelism);
        int next = (int) (((long) (subtaskIndex + 1) * maxParallelism + parallelism - 1) / parallelism);
        return new KeyGroupRange(first, next - 1);
    }

    public int size() {
        return last - first + 1;
    }

    public boolean contains(int keyGroup) {
        return keyGroup >= first && keyGroup <= last;
    }

    @Override
    public String toString() {
        return "key groups [" + first + ".." + last + "]";
    }
}
