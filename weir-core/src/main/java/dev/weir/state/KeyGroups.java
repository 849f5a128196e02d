package dev.weir.state;

/**
 * Keys → key groups → subtasks. A key's group depends only on its {@code hashCode} and the max
 * parallelism, never on the parallelism, which is what lets keyed state be redistributed when a
 * job is restored with another parallelism.
 */
public final class KeyGroups {

    public static final int DEFAULT_MAX_PARALLELISM = dev.weir.api.spi.JobSpec.DEFAULT_MAX_PARALLELISM;
    /** Upper bound on key groups (keeps range arithmetic in int and state files small). */
    public static final int UPPER_BOUND_MAX_PARALLELISM = dev.weir.api.spi.JobSpec.UPPER_BOUND_MAX_PARALLELISM;

    private KeyGroups() {
    }

    /** The key group of {@code key}, in {@code [0, maxParallelism)}. */
    public static int keyGroupFor(Object key, int maxParallelism) {
        int hash = mix(key.hashCode());
        // the same number as floorMod for a power of two (the default 128), without a division per record
        return (maxParallelism & (maxParallelism - 1)) == 0 ? hash & (maxParallelism - 1)
                : Math.floorMod(hash, maxParallelism);
    }

    /**
     * The key group of {@code key}, which must lie in {@code owned} (the range of the subtask that
     * got the key); otherwise the key's hash code changed between the partitioner and the operator.
     */
    public static int ownedKeyGroup(Object key, int maxParallelism, KeyGroupRange owned) {
        int keyGroup = keyGroupFor(key, maxParallelism);
        if (!owned.contains(keyGroup)) {
            throw new IllegalStateException("key '" + key + "' belongs to key group " + keyGroup
                    + ", outside this subtask's " + owned + ": the key's hashCode is not stable");
        }
        return keyGroup;
    }

    /** The subtask that owns {@code keyGroup} at the given parallelism. */
    public static int subtaskForKeyGroup(int keyGroup, int maxParallelism, int parallelism) {
        return (int) ((long) keyGroup * parallelism / maxParallelism);
    }

    public static int subtaskForKey(Object key, int maxParallelism, int parallelism) {
        return subtaskForKeyGroup(keyGroupFor(key, maxParallelism), maxParallelism, parallelism);
    }

    static void checkParallelism(int maxParallelism, int parallelism) {
        if (parallelism < 1 || maxParallelism < parallelism || maxParallelism > UPPER_BOUND_MAX_PARALLELISM) {
            throw new IllegalArgumentException("need 1 <= parallelism (" + parallelism + ") <= maxParallelism ("
                    + maxParallelism + ") <= " + UPPER_BOUND_MAX_PARALLELISM);
        }
    }

    /** Murmur3's finalizer: spreads poor hash codes (small integers, similar strings) over all groups. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
