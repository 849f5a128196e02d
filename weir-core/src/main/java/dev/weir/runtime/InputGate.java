package dev.weir.runtime;

import java.util.BitSet;

/**
 * The input channels of one task, read round-robin one element at a time, in order per channel.
 * Knows which channels have ended, and which are blocked for barrier alignment: a blocked channel
 * is skipped, so its elements stay queued and backpressure builds upstream.
 */
public final class InputGate {
    private final Channel[] channels;
    private final boolean[] ended;
    private final boolean[] blocked;
    private final BitSet endedSet;
    private int endedCount;
    private int next;
    private int lastChannel = -1;

    public InputGate(Channel[] channels) {
        this.channels = channels;
        this.ended = new boolean[channels.length];
        this.blocked = new boolean[channels.length];
        this.endedSet = new BitSet(channels.length);
    }

    /** Holds back {@code channel} until {@link #unblockAll}. */
    public void block(int channel) {
        blocked[channel] = true;
    }

    public void unblockAll() {
        java.util.Arrays.fill(blocked, false);
    }

    /** The channels that have ended (read-only view for the aligner). */
    public BitSet endedChannels() {
        return endedSet;
    }

    /** The next element of any channel that has one, or {@code null}. */
    public Object poll() {
        int n = channels.length;
        for (int i = 0; i < n; i++) {
            int index = next;
            next = next + 1 == n ? 0 : next + 1;
            if (!ended[index] && !blocked[index]) {
                Object element = channels[index].poll();
                if (element != null) {
                    lastChannel = index;
                    return element;
                }
            }
        }
        return null;
    }

    /** The channel of the element last returned by {@link #poll}. */
    public int lastChannel() {
        return lastChannel;
    }

    public void markEnded(int channel) {
        if (!ended[channel]) {
            ended[channel] = true;
            endedSet.set(channel);
            endedCount++;
        }
    }

    public boolean allEnded() {
        return endedCount == channels.length;
    }

    public boolean hasData() {
        for (int i = 0; i < channels.length; i++) {
            if (!ended[i] && !blocked[i] && !channels[i].isEmpty()) {
                return true;
            }
        }
        return false;
    }

    public int channelCount() {
        return channels.length;
    }
}
