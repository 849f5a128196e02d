package dev.weir.runtime;

import dev.weir.api.functions.KeySelector;
import dev.weir.api.dag.Partitioning;
import dev.weir.state.KeyGroups;

/** Picks the output channel of a record for one partitioning; {@link #ALL} means every channel. */
@FunctionalInterface
interface ChannelSelector {
    int ALL = -1;

    int select(Object record);

    static ChannelSelector of(Partitioning partitioning, int channels, int maxParallelism, String consumer) {
        if (partitioning instanceof Partitioning.Broadcast) {
            return record -> ALL;
        }
        if (partitioning instanceof Partitioning.Hash hash) { // also to one channel: the key travels with the record
            return new ByKeyGroup(hash.keySelector(), maxParallelism, channels, consumer);
        }
        if (partitioning instanceof Partitioning.Forward || channels == 1) {
            return record -> 0;
        }
        if (partitioning instanceof Partitioning.Rebalance) {
            return new RoundRobin(channels);
        }
        throw new IllegalArgumentException("unresolved partitioning " + partitioning);
    }

    final class RoundRobin implements ChannelSelector {
        private final int channels;
        private int next;

        RoundRobin(int channels) {
            this.channels = channels;
        }

        @Override
        public int select(Object record) {
            int channel = next;
            next = channel + 1 == channels ? 0 : channel + 1;
            return channel;
        }
    }

    /**
     * Hash partitioning: the subtask that owns the key group of the record's key. Keeps the key and key
     * group of the record it selected last, which the writer sends along with the record.
     */
    final class ByKeyGroup implements ChannelSelector {
        private final KeySelector<Object, ?> keySelector;
        private Object lastKey;
        private int lastKeyGroup;
        private final int maxParallelism;
        private final int[] channelOfKeyGroup;
        private final String consumer;

        @SuppressWarnings("unchecked")
        ByKeyGroup(KeySelector<?, ?> keySelector, int maxParallelism, int channels, String consumer) {
            this.keySelector = (KeySelector<Object, ?>) keySelector;
            this.maxParallelism = maxParallelism;
            this.consumer = consumer;
            this.channelOfKeyGroup = new int[maxParallelism]; // no division per record
            for (int keyGroup = 0; keyGroup < maxParallelism; keyGroup++) {
                channelOfKeyGroup[keyGroup] = KeyGroups.subtaskForKeyGroup(keyGroup, maxParallelism, channels);
            }
        }

        @Override
        public int select(Object record) {
            Object key;
            try {
                key = keySelector.getKey(record);
            } catch (Exception e) {
                throw OperatorFailure.of("the key selector of keyBy before operator " + consumer
                        + " failed on record " + OperatorFailure.show(record) + ": " + e, e);
            }
            if (key == null) {
                throw OperatorFailure.of("the key selector of keyBy before operator " + consumer
                        + " returned null for record " + OperatorFailure.show(record) + "; keys must not be null", null);
            }
            int keyGroup = KeyGroups.keyGroupFor(key, maxParallelism);
            lastKey = key;
            lastKeyGroup = keyGroup;
            return channelOfKeyGroup[keyGroup];
        }

        KeySelector<?, ?> keySelector() {
            return keySelector;
        }

        /** The key of the record last selected. */
        Object lastKey() {
            return lastKey;
        }

        /** The key group of the record last selected. */
        int lastKeyGroup() {
            return lastKeyGroup;
        }
    }
}
